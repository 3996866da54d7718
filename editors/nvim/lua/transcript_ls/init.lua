--- transcript-ls for Neovim: starting the server and the plugin's options.
---
--- On Neovim 0.11+ the plugin needs no setup: `vim.lsp.enable('transcript_ls')`
--- starts the server from `lsp/transcript_ls.lua`. `setup()` is for options
--- (server settings, plain-text detection, writing the sidecar after a note
--- command) and for Neovim 0.10, which has no `vim.lsp.config`; there it starts
--- the server with `vim.lsp.start` from a FileType autocommand, from the same
--- `lsp/transcript_ls.lua`.

local M = {}

M.name = 'transcript_ls'

--- Options of the plugin itself (the server's settings live in `settings`).
M.options = {
  --- Write the sidecar after a note command changed it, unless it had unsaved
  --- changes of the user's before the command.
  write_sidecar = true,
  --- Open plain `.txt` files as transcripts when their first lines look like one.
  plaintext = false,
}

local function has_lsp_config()
  return vim.lsp.config ~= nil and vim.lsp.enable ~= nil and not vim.g.transcript_ls_use_lsp_start
end

--- The base configuration, read from the plugin's `lsp/transcript_ls.lua`.
---@return vim.lsp.Config
function M.base_config()
  local file = vim.api.nvim_get_runtime_file('lsp/transcript_ls.lua', false)[1]
  assert(file, 'transcript_ls: lsp/transcript_ls.lua is not on runtimepath')
  return dofile(file)
end

--- The resolved configuration: the base overlaid with what the user set,
--- through `vim.lsp.config()` on 0.11+ or `setup()` everywhere.
---@return vim.lsp.Config
function M.config()
  if has_lsp_config() then
    return vim.lsp.config[M.name] or M.base_config()
  end
  return vim.tbl_deep_extend('force', M.base_config(), M._overrides or {})
end

--- Configures the server and starts it for transcripts.
---
--- `opts` is a partial `vim.lsp.Config` (`cmd`, `settings`, `on_attach`, …)
--- plus the plugin's own keys:
---   - `plaintext` (boolean): detect transcripts among `.txt` files.
---   - `write_sidecar` (boolean, default true): write the sidecar after a
---     note command.
---   - `enable` (boolean, default true): start the server for transcripts.
---
--- Example:
--- ```lua
--- require('transcript_ls').setup({
---   settings = { transcript = { severity = { ['spelled-count'] = 'off' } } },
--- })
--- ```
---@param opts? table
function M.setup(opts)
  opts = vim.deepcopy(opts or {})
  for key in pairs(M.options) do
    if opts[key] ~= nil then
      M.options[key] = opts[key]
      opts[key] = nil
    end
  end
  local enable = opts.enable ~= false
  opts.enable = nil

  if M.options.plaintext then
    require('transcript_ls.detect').plaintext()
  end

  if has_lsp_config() then
    vim.lsp.config(M.name, opts)
    if enable then
      vim.lsp.enable(M.name)
    end
    return
  end
  M._overrides = vim.tbl_deep_extend('force', M._overrides or {}, opts)
  if enable then
    M._enable_with_lsp_start()
  end
end

--- Neovim 0.10: a FileType autocommand that calls `vim.lsp.start`, which
--- reuses the running client for buffers with the same root.
function M._enable_with_lsp_start()
  local group = vim.api.nvim_create_augroup('transcript_ls', { clear = true })
  local function attach(bufnr)
    if vim.bo[bufnr].buftype ~= '' then
      return
    end
    local config = M.config()
    if not vim.tbl_contains(config.filetypes or {}, vim.bo[bufnr].filetype) then
      return
    end
    local root_dir = config.root_dir
    if type(root_dir) == 'function' then
      local decided, root = false, nil
      root_dir(bufnr, function(dir)
        decided, root = true, dir
      end)
      if not decided then
        return
      end
      -- The function knows root_markers from vim.lsp.config, absent here.
      root_dir = config.root_markers and vim.fs.root(bufnr, config.root_markers) or root
    end
    config.root_dir = root_dir
    config.name = M.name
    config.root_markers = nil
    config.filetypes = nil
    if config.before_init == nil and config.settings and config.settings.transcript then
      config.init_options = config.init_options or config.settings.transcript
    end
    vim.lsp.start(config, { bufnr = bufnr })
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = { 'transcript', 'json' },
    callback = function(ev)
      attach(ev.buf)
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      attach(bufnr)
    end
  end
end

return M
