--- Helpers loaded into the Neovim under test (the child), as `_G.T`. Each one
--- waits a bounded time, so the suite fails instead of hanging when the server
--- does not answer.

local T = {}

T.timeout = tonumber(vim.env.TRANSCRIPT_LS_TEST_TIMEOUT) or 10000
T.messages = {}
T.inputs = {}

-- Keep what the plugin says, to explain a failure.
vim.notify = function(msg, level)
  table.insert(T.messages, ('[%s] %s'):format(level or vim.log.levels.INFO, msg))
end

--- Waits until `fn` returns a truthy value; returns it, or raises `what`.
function T.wait(what, fn, timeout)
  local value
  local ok = vim.wait(timeout or T.timeout, function()
    value = fn()
    return value ~= nil and value ~= false
  end, 50)
  if not ok then
    error(('timed out after %d ms waiting for %s'):format(timeout or T.timeout, what), 0)
  end
  return value
end

function T.client(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr or 0, name = 'transcript_ls' })[1]
end

function T.wait_client(bufnr)
  return T.wait('transcript_ls to attach and initialize', function()
    local c = T.client(bufnr)
    return c and c.initialized and c or nil
  end)
end

--- The server's diagnostics on a buffer, as plain tables.
function T.diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'transcript-ls' then
      out[#out + 1] = {
        lnum = d.lnum,
        col = d.col,
        end_lnum = d.end_lnum,
        end_col = d.end_col,
        code = d.code,
        severity = d.severity,
        message = d.message,
      }
    end
  end
  table.sort(out, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return out
end

--- A 0-based byte column as an LSP character offset for the buffer's client.
function T.position(bufnr, row, col)
  local line = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1]
  local enc = T.client(bufnr).offset_encoding
  local character = col
  if enc ~= 'utf-8' then
    character = vim.str_utfindex(line, enc, col, false)
  end
  return { line = row, character = character }
end

--- The result of a request to the transcript_ls client, or raises its error.
function T.request(bufnr, method, params)
  local client = T.wait_client(bufnr)
  local response = client:request_sync(method, params, T.timeout, bufnr)
  if response == nil then
    error(method .. ': no response within the timeout', 0)
  end
  if response.err then
    error(('%s: %s'):format(method, response.err.message or vim.inspect(response.err)), 0)
  end
  return response.result
end

--- The hover at a byte position, flattened to a string ('' for none).
function T.hover(bufnr, row, col)
  local result = T.request(bufnr, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = T.position(bufnr, row, col),
  })
  if result == nil or result == vim.NIL then
    return ''
  end
  local contents = result.contents
  local parts = {}
  local function add(c)
    if type(c) == 'string' then
      parts[#parts + 1] = c
    elseif type(c) == 'table' and c.value then
      parts[#parts + 1] = c.value
    elseif type(c) == 'table' then
      for _, x in ipairs(c) do
        add(x)
      end
    end
  end
  add(contents)
  return table.concat(parts, '\n')
end

--- Puts the cursor at a 0-based row and byte column in the current window.
function T.cursor(row, col)
  vim.api.nvim_win_set_cursor(0, { row + 1, col })
end

--- Selects bytes [col, end_col) of a row charwise, as a user would with `v`,
--- and leaves visual mode so that '< and '> hold the selection.
function T.select(row, col, end_col)
  T.cursor(row, col)
  vim.cmd('normal! v')
  T.cursor(row, end_col - 1)
  vim.cmd('normal! \27')
end

-- The server's answers to the plugin's commands, from the plugin's
-- `User TranscriptLsCommand` event.
T.commands = {}
vim.api.nvim_create_autocmd('User', {
  pattern = 'TranscriptLsCommand',
  callback = function(ev)
    table.insert(T.commands, ev.data)
  end,
})

--- Runs an Ex command that asks the server to execute `command`, and waits
--- for the server's answer; raises its error.
function T.run_command(ex, command)
  local seen = #T.commands
  vim.cmd(ex)
  local answer = T.wait(command .. ' to be answered', function()
    for i = seen + 1, #T.commands do
      if T.commands[i].command == command then
        return T.commands[i]
      end
    end
  end)
  if not answer.ok then
    error(('%s failed: %s'):format(command, tostring(answer.error)), 0)
  end
end

--- Whether the server flags an uncited figure on a row.
function T.flagged(bufnr, row)
  for _, d in ipairs(T.diagnostics(bufnr)) do
    if d.code == 'uncited-figure' and d.lnum == row then
      return true
    end
  end
  return false
end

--- Makes vim.ui.input answer `answer`, keeping the options it was called with.
function T.answer_input(answer)
  vim.ui.input = function(opts, on_confirm)
    table.insert(T.inputs, opts)
    on_confirm(answer)
  end
end

--- Every W3C annotation in a decoded sidecar, wherever the collection keeps
--- them (`items`, or `first.items` of an AnnotationPage).
function T.annotations(doc)
  local found = {}
  local function walk(x)
    if type(x) ~= 'table' then
      return
    end
    local t = x.type
    if t == 'Annotation' or (type(t) == 'table' and vim.tbl_contains(t, 'Annotation')) then
      found[#found + 1] = x
      return
    end
    for _, v in pairs(x) do
      walk(v)
    end
  end
  walk(doc)
  return found
end

--- The sidecar's text: its buffer when loaded (the edit may be unsaved),
--- else the file.
function T.sidecar_text(path)
  local bufnr = vim.fn.bufnr(path)
  if bufnr ~= -1 and vim.api.nvim_buf_is_loaded(bufnr) then
    return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
  end
  local f = io.open(path, 'r')
  if not f then
    return nil
  end
  local text = f:read('*a')
  f:close()
  return text
end

function T.file_text(path)
  local f = io.open(path, 'r')
  if not f then
    return nil
  end
  local text = f:read('*a')
  f:close()
  return text
end

--- The annotations in the sidecar, or nil while it is missing or not JSON.
function T.sidecar_notes(path)
  local text = T.sidecar_text(path)
  if not text or text == '' then
    return nil
  end
  local ok, doc = pcall(vim.json.decode, text)
  if not ok then
    return nil
  end
  return T.annotations(doc)
end

--- The text of a note's TextualBody (or of its first body with a value).
function T.body_text(note)
  local bodies = note.body
  if type(bodies) ~= 'table' then
    return nil
  end
  if bodies.value then
    return bodies.value
  end
  for _, b in ipairs(bodies) do
    if type(b) == 'table' and b.value and (b.type == 'TextualBody' or b.type == nil) then
      return b.value
    end
  end
end

--- The `exact` of a note's TextQuoteSelector.
function T.quote(note)
  local target = note.target
  local targets = vim.islist(target) and target or { target }
  for _, t in ipairs(targets) do
    local selectors = type(t) == 'table' and t.selector
    if selectors then
      selectors = vim.islist(selectors) and selectors or { selectors }
      for _, s in ipairs(selectors) do
        if s.type == 'TextQuoteSelector' then
          return s.exact
        end
      end
    end
  end
end

function T.note_with_text(path, text)
  for _, note in ipairs(T.sidecar_notes(path) or {}) do
    if T.body_text(note) == text then
      return note
    end
  end
end

return T
