-- transcript-ls: outline by question, hover notes and diagnostics on uncited
-- figures in transcripts. With this plugin on 'runtimepath', Neovim 0.11+
-- needs one line to use it:
--
--     vim.lsp.enable('transcript_ls')
--
-- The server also serves a transcript's notes sidecar (`NAME.EXT.notes.json`,
-- filetype json), but only when the transcript beside it exists, so other
-- JSON files never start it. `:help transcript_ls` says more.

local sidecar_suffix = '.notes.json'

--- Whether the server is for this buffer: every transcript, and the sidecars
--- of transcripts that exist.
---@param bufnr integer
---@return boolean
local function serves(bufnr)
  local ft = vim.bo[bufnr].filetype
  if ft == 'transcript' then
    return true
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  if ft ~= 'json' or name:sub(-#sidecar_suffix) ~= sidecar_suffix then
    return false
  end
  return vim.fn.filereadable(name:sub(1, -#sidecar_suffix - 1)) == 1
end

---@type vim.lsp.Config
return {
  cmd = { 'transcript-ls' },
  filetypes = { 'transcript', 'json' },
  root_markers = { 'transcript-ls.toml', '.git' },

  -- A function decides per buffer, so JSON files other than sidecars are left
  -- alone. It also applies root_markers (Neovim ignores them once root_dir is
  -- a function); without a marker the server runs in single-file mode.
  root_dir = function(bufnr, on_dir)
    if not serves(bufnr) then
      return
    end
    local config = vim.lsp.config and vim.lsp.config.transcript_ls or {}
    on_dir(vim.fs.root(bufnr, config.root_markers or { 'transcript-ls.toml', '.git' }))
  end,

  -- The server reads the same `transcript` section at startup as it later
  -- gets through workspace/didChangeConfiguration.
  before_init = function(params, config)
    if params.initializationOptions == nil and config.settings and config.settings.transcript then
      params.initializationOptions = config.settings.transcript
    end
  end,
}
