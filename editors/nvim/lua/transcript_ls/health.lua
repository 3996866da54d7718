--- `:checkhealth transcript_ls`: the things that stop the server from
--- starting, each with its fix.

local M = {}

function M.check()
  local health = vim.health
  health.start('transcript-ls')

  if vim.fn.has('nvim-0.11') == 1 then
    health.ok('Neovim 0.11+: `vim.lsp.enable("transcript_ls")` starts the server')
  elseif vim.fn.has('nvim-0.10') == 1 then
    health.ok('Neovim 0.10: `require("transcript_ls").setup()` starts the server')
  else
    health.error('Neovim 0.10 or newer is needed')
  end

  local ok, config = pcall(require('transcript_ls').config)
  if not ok then
    health.error('lsp/transcript_ls.lua is not on runtimepath: ' .. tostring(config), {
      'Add the editors/nvim folder of transcript-ls to runtimepath',
    })
    return
  end
  local cmd = type(config.cmd) == 'table' and config.cmd[1] or nil
  if cmd == nil then
    health.info('cmd is a function; not checked')
  elseif vim.fn.executable(cmd) == 1 then
    local out = vim.fn.system({ cmd, '--version' })
    health.ok(('%s: %s'):format(vim.fn.exepath(cmd), vim.trim(out)))
  else
    health.error(('`%s` is not executable or not on PATH'):format(cmd), {
      'Install it from a transcript-ls checkout: cargo install --locked --path .',
      "Or point at it: vim.lsp.config('transcript_ls', { cmd = { '/path/to/transcript-ls' } })",
    })
  end

  -- Each pattern with a file name it must match. Patterns go in backticks:
  -- the report is Markdown, where a bare `*` starts emphasis.
  local patterns = {
    { '*.transcript', 'talk.transcript' },
    { '*.transcript.txt', 'talk.transcript.txt' },
    { '*.transcript.md', 'talk.transcript.md' },
    { '*.transcript.vtt', 'talk.transcript.vtt' },
    { '*.transcript.srt', 'talk.transcript.srt' },
  }
  local detected, missed = {}, {}
  for _, p in ipairs(patterns) do
    local list = vim.filetype.match({ filename = '/x/' .. p[2] }) == 'transcript' and detected or missed
    list[#list + 1] = '`' .. p[1] .. '`'
  end
  if #missed == 0 then
    health.ok('filetype detection: transcripts are ' .. table.concat(detected, ', '))
  elseif #detected == 0 then
    health.error('filetype detection is not loaded (ftdetect/transcript.lua)', {
      'Put the plugin on runtimepath before `filetype` detection runs',
    })
  else
    health.warn('filetype detection misses ' .. table.concat(missed, ', '), {
      'Another plugin or `vim.filetype.add()` call claims these names',
    })
  end
  if require('transcript_ls').options.plaintext then
    health.info('plain `*.txt` files that look like transcripts are opened as transcripts (`plaintext = true`)')
  else
    health.info('plain `*.txt` files stay text; `setup({ plaintext = true })` opens those that look like transcripts')
  end
  health.info('notes: `NAME.EXT.notes.json` beside each transcript (filetype `json`)')

  if vim.lsp.is_enabled then
    if vim.lsp.is_enabled('transcript_ls') then
      health.ok('transcript_ls is enabled')
    else
      health.warn('transcript_ls is not enabled', { "Add vim.lsp.enable('transcript_ls') to init.lua" })
    end
  end
end

return M
