-- transcript-ls user commands. The server does the work (see :help
-- transcript_ls); these gather a selection and some text for it. Starting the
-- server is up to the user: `vim.lsp.enable('transcript_ls')` on 0.11+, or
-- `require('transcript_ls').setup()`.

if vim.g.loaded_transcript_ls then
  return
end
vim.g.loaded_transcript_ls = true

if vim.fn.has('nvim-0.10') ~= 1 then
  vim.notify('transcript-ls needs Neovim 0.10 or newer', vim.log.levels.WARN)
  return
end

local function run(name)
  return function(opts)
    require('transcript_ls.commands')[name](opts)
  end
end

local command = vim.api.nvim_create_user_command

command('TranscriptNote', run('note'), {
  desc = 'transcript-ls: add a note to the selection',
  nargs = '*',
  range = true,
})
command('TranscriptEditNote', run('edit_note'), {
  desc = 'transcript-ls: edit the note under the cursor',
  nargs = '*',
})
command('TranscriptCite', run('cite'), {
  desc = 'transcript-ls: cite the figure under the cursor (URL, DOI or @key)',
  nargs = '?',
  range = true,
})
command('TranscriptReviewed', run('reviewed'), {
  desc = 'transcript-ls: mark the figure under the cursor reviewed',
  nargs = 0,
  range = true,
})
command('TranscriptRemoveNote', run('remove_note'), {
  desc = 'transcript-ls: remove the note under the cursor',
  nargs = 0,
})
command('TranscriptTimestamp', run('timestamp'), {
  desc = 'transcript-ls: copy the time in the recording at the cursor',
  nargs = 0,
})
command('TranscriptOutline', run('outline'), {
  desc = 'transcript-ls: the outline by question in the location list',
  nargs = 0,
})
command('TranscriptClaims', run('claims'), {
  desc = "transcript-ls: every figure of the workspace's transcripts in the quickfix list",
  nargs = 0,
})
