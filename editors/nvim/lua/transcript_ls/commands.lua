--- The user commands: they gather the selection and the user's text, then ask
--- the server through `workspace/executeCommand`. The server answers with a
--- `workspace/applyEdit` to the sidecar, which Neovim applies to its buffer,
--- so `u` in the sidecar takes a change back. The argument shapes are the
--- ones in editors/PROTOCOL.md.

local M = {}

local NAME = 'transcript_ls'
local SIDECAR_SUFFIX = '.notes.json'

local function notify(msg, level)
  vim.notify('transcript-ls: ' .. msg, level or vim.log.levels.INFO)
end

--- The running client for a buffer, or nil after saying why.
---@param bufnr integer
---@return vim.lsp.Client?
local function client_for(bufnr)
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = NAME })[1]
  if not client then
    if vim.bo[bufnr].filetype ~= 'transcript' then
      notify('this buffer is not a transcript', vim.log.levels.WARN)
    else
      notify(
        'the server is not attached; see :checkhealth transcript_ls and :help transcript_ls-setup',
        vim.log.levels.ERROR
      )
    end
  end
  return client
end

--- `client:request()` on 0.11+, `client.request()` on 0.10.
local function request(client, method, params, handler, bufnr)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

--- A byte column on a line as an LSP character offset in `encoding`.
---@param line string
---@param col integer 0-based byte column
---@param encoding string
---@return integer
local function character(line, col, encoding)
  col = math.min(col, #line)
  if encoding == 'utf-8' then
    return col
  end
  if vim.fn.has('nvim-0.11') == 1 then
    return vim.str_utfindex(line, encoding, col, false)
  end
  local utf32, utf16 = vim.str_utfindex(line, col)
  return encoding == 'utf-16' and utf16 or utf32
end

--- An LSP character offset on a line as a 0-based byte column.
---@param line string
---@param index integer
---@param encoding string
---@return integer
local function byte_col(line, index, encoding)
  if encoding == 'utf-8' then
    return math.min(index, #line)
  end
  local ok, col
  if vim.fn.has('nvim-0.11') == 1 then
    ok, col = pcall(vim.str_byteindex, line, encoding, index, false)
  else
    ok, col = pcall(vim.str_byteindex, line, index, encoding == 'utf-16')
  end
  return ok and col or #line
end

local function line_text(bufnr, row)
  return vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1] or ''
end

--- An LSP position from a 0-based row and byte column.
local function position(bufnr, row, col, encoding)
  return { line = row, character = character(line_text(bufnr, row), col, encoding) }
end

--- The byte length of the character that starts at byte `col` (0-based).
local function char_len(line, col)
  local byte = line:byte(col + 1)
  if not byte then
    return 0
  end
  return byte >= 0xF0 and 4 or byte >= 0xE0 and 3 or byte >= 0xC0 and 2 or 1
end

--- The LSP range a command acts on: the visual selection when the command
--- was given a range, else the uncited figure under the cursor, else the
--- word under the cursor.
---@return table? range, string? quote
local function target_range(bufnr, cmd_opts, encoding)
  if cmd_opts.range and cmd_opts.range > 0 then
    local s = vim.api.nvim_buf_get_mark(bufnr, '<')
    local e = vim.api.nvim_buf_get_mark(bufnr, '>')
    local mode = vim.fn.visualmode()
    if s[1] == cmd_opts.line1 and e[1] == cmd_opts.line2 and mode ~= 'V' and mode ~= '' then
      local srow, scol, erow, ecol = s[1] - 1, s[2], e[1] - 1, e[2]
      local last = line_text(bufnr, erow)
      ecol = math.min(ecol, math.max(#last - 1, 0))
      ecol = ecol + char_len(last, ecol) -- the mark is inclusive
      local text = vim.api.nvim_buf_get_text(bufnr, srow, scol, erow, ecol, {})
      return {
        start = position(bufnr, srow, scol, encoding),
        ['end'] = position(bufnr, erow, ecol, encoding),
      },
        table.concat(text, '\n')
    end
    -- A line range (`:3,4TranscriptNote`, or a linewise selection).
    local srow, erow = cmd_opts.line1 - 1, cmd_opts.line2 - 1
    local last = line_text(bufnr, erow)
    return {
      start = { line = srow, character = 0 },
      ['end'] = position(bufnr, erow, #last, encoding),
    },
      table.concat(vim.api.nvim_buf_get_lines(bufnr, srow, erow + 1, false), '\n')
  end

  local cursor = vim.api.nvim_win_get_cursor(0)
  local row, col = cursor[1] - 1, cursor[2]
  for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = row })) do
    local lsp = d.user_data and d.user_data.lsp
    local code = lsp and (lsp.code or d.code)
    local on_figure = code == 'uncited-figure' or code == 'empty-citation'
    if on_figure and d.col <= col and col < d.end_col then
      return lsp.range, vim.api.nvim_buf_get_text(bufnr, d.lnum, d.col, d.end_lnum, d.end_col, {})[1]
    end
  end
  local line = line_text(bufnr, row)
  local s, e = col, col
  while s > 0 and line:sub(s, s):match('[%w%%$€£,.%-]') do
    s = s - 1
  end
  while e < #line and line:sub(e + 1, e + 1):match('[%w%%,.%-]') do
    e = e + 1
  end
  -- Trailing punctuation is not part of the word.
  while e > s and line:sub(e, e):match('[,.%-]') do
    e = e - 1
  end
  if e <= s then
    return nil
  end
  return {
    start = position(bufnr, row, s, encoding),
    ['end'] = position(bufnr, row, e, encoding),
  },
    line:sub(s + 1, e)
end

--- The sidecar buffer of a transcript, if Neovim has it loaded.
local function sidecar_buffer(bufnr)
  local path = vim.api.nvim_buf_get_name(bufnr) .. SIDECAR_SUFFIX
  local sidecar = vim.fn.bufnr(path)
  if sidecar ~= -1 and vim.api.nvim_buf_is_loaded(sidecar) then
    return sidecar
  end
end

--- Runs a server command with a single object argument; on success writes
--- the sidecar the server edited, unless it held unsaved changes before.
local function execute(client, bufnr, command, args, done)
  local before = sidecar_buffer(bufnr)
  local was_modified = before and vim.bo[before].modified
  request(client, 'workspace/executeCommand', {
    command = command,
    arguments = { args },
  }, function(err)
    -- For the user's own follow-ups (and the test suite): which command ran
    -- and whether the server accepted it.
    vim.api.nvim_exec_autocmds('User', {
      pattern = 'TranscriptLsCommand',
      modeline = false,
      data = { command = command, ok = err == nil, error = err and err.message },
    })
    if err then
      notify(('%s failed: %s'):format(command, err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    local sidecar = sidecar_buffer(bufnr)
    if require('transcript_ls').options.write_sidecar and sidecar and not was_modified then
      if vim.bo[sidecar].modified then
        vim.api.nvim_buf_call(sidecar, function()
          vim.cmd('silent keepalt write')
        end)
      end
    end
    if done then
      done()
    end
  end, bufnr)
end

--- The text of a command: its arguments when given, else vim.ui.input.
local function with_text(cmd_opts, input_opts, use)
  if cmd_opts.args and cmd_opts.args ~= '' then
    use(cmd_opts.args)
    return
  end
  vim.ui.input(input_opts, function(text)
    if text == nil or vim.trim(text) == '' then
      return
    end
    use(text)
  end)
end

--- The note under the cursor, through `transcript/noteAt`.
local function note_at_cursor(client, bufnr, use)
  local cursor = vim.api.nvim_win_get_cursor(0)
  local params = {
    uri = vim.uri_from_bufnr(bufnr),
    position = position(bufnr, cursor[1] - 1, cursor[2], client.offset_encoding),
  }
  request(client, 'transcript/noteAt', params, function(err, note)
    if err then
      notify('transcript/noteAt failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    elseif note == nil or note == vim.NIL then
      notify('no note at the cursor; select some text and run :TranscriptNote to add one')
    else
      use(note)
    end
  end, bufnr)
end

local function shorten(text, max)
  max = max or 40
  text = vim.trim((text:gsub('%s+', ' ')))
  if vim.fn.strchars(text) <= max then
    return text
  end
  return vim.fn.strcharpart(text, 0, max - 1) .. '…'
end

--- `:[range]TranscriptNote [text]`
function M.note(cmd_opts)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  local range, quote = target_range(bufnr, cmd_opts, client.offset_encoding)
  if not range then
    return notify('select the text the note is about', vim.log.levels.WARN)
  end
  with_text(cmd_opts, { prompt = ('Note on “%s”: '):format(shorten(quote or '')) }, function(text)
    execute(client, bufnr, 'transcript.addNote', {
      uri = vim.uri_from_bufnr(bufnr),
      range = range,
      text = text,
    }, function()
      notify(('added a note on “%s”'):format(shorten(quote or '')))
    end)
  end)
end

--- `:TranscriptEditNote [text]`
function M.edit_note(cmd_opts)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  note_at_cursor(client, bufnr, function(note)
    with_text(cmd_opts, { prompt = 'Edit note: ', default = note.text }, function(text)
      if text == note.text then
        return
      end
      execute(client, bufnr, 'transcript.editNote', {
        uri = vim.uri_from_bufnr(bufnr),
        id = note.id,
        text = text,
      }, function()
        notify(('changed the note “%s” to “%s”'):format(shorten(note.text or ''), shorten(text)))
      end)
    end)
  end)
end

--- Whether a source is a URL, a DOI or a citation key.
---@param s string
---@return boolean
function M.valid_source(s)
  s = vim.trim(s)
  return s:match('^https?://%S+$') ~= nil
    or s:match('^[Dd][Oo][Ii]:%s*10%.%d%d%d%d+/%S+$') ~= nil
    or s:match('^10%.%d%d%d%d+/%S+$') ~= nil
    or s:match('^@?[%w_][%w_:.#$%%&+?<>~/%-]*$') ~= nil
end

--- `:[range]TranscriptCite [source]`
function M.cite(cmd_opts)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  local range, quote = target_range(bufnr, cmd_opts, client.offset_encoding)
  if not range then
    return notify('put the cursor on a figure, or select it', vim.log.levels.WARN)
  end
  with_text(cmd_opts, {
    prompt = ('Source for “%s” (URL, DOI or @key): '):format(shorten(quote or '')),
  }, function(source)
    source = vim.trim(source)
    if not M.valid_source(source) then
      return notify(
        ('not a URL, a DOI or a citation key: %s'):format(source),
        vim.log.levels.WARN
      )
    end
    execute(client, bufnr, 'transcript.citeFigure', {
      uri = vim.uri_from_bufnr(bufnr),
      range = range,
      source = source,
    }, function()
      notify(('cited “%s”: %s'):format(shorten(quote or ''), source))
    end)
  end)
end

--- `:[range]TranscriptReviewed`
function M.reviewed(cmd_opts)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  local range, quote = target_range(bufnr, cmd_opts, client.offset_encoding)
  if not range then
    return notify('put the cursor on a figure, or select it', vim.log.levels.WARN)
  end
  execute(client, bufnr, 'transcript.markReviewed', {
    uri = vim.uri_from_bufnr(bufnr),
    range = range,
  }, function()
    notify(('marked “%s” reviewed'):format(shorten(quote or '')))
  end)
end

--- `:TranscriptRemoveNote`: the removal is an edit to the sidecar, so `u`
--- there brings the note back; no question is asked.
function M.remove_note()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  note_at_cursor(client, bufnr, function(note)
    execute(client, bufnr, 'transcript.removeNote', {
      uri = vim.uri_from_bufnr(bufnr),
      id = note.id,
    }, function()
      notify(('removed the note “%s”'):format(shorten(note.text or '')))
    end)
  end)
end

--- `:TranscriptTimestamp`: the time in the recording at the cursor, as the
--- server gives it (`00:12:31.400`), into the unnamed register and the
--- clipboard (`+`), and said, so it can be pasted into a player or a note.
function M.timestamp()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  local cursor = vim.api.nvim_win_get_cursor(0)
  local command = 'transcript.copyTimestamp'
  request(client, 'workspace/executeCommand', {
    command = command,
    arguments = {
      {
        uri = vim.uri_from_bufnr(bufnr),
        position = position(bufnr, cursor[1] - 1, cursor[2], client.offset_encoding),
      },
    },
  }, function(err, result)
    vim.api.nvim_exec_autocmds('User', {
      pattern = 'TranscriptLsCommand',
      modeline = false,
      data = { command = command, ok = err == nil, error = err and err.message },
    })
    if err then
      return notify(('%s failed: %s'):format(command, err.message or vim.inspect(err)), vim.log.levels.ERROR)
    end
    -- `null` (vim.NIL) where the transcript gives no time.
    local stamp = type(result) == 'table' and result.timestamp
    if type(stamp) ~= 'string' or stamp == '' then
      return notify('no time is known at the cursor', vim.log.levels.WARN)
    end
    vim.fn.setreg('"', stamp)
    -- Without a clipboard provider `+` cannot be set; the unnamed register
    -- still has it.
    local copied = pcall(vim.fn.setreg, '+', stamp)
    notify(copied and ('copied %s'):format(stamp) or ('%s (in the unnamed register; no clipboard)'):format(stamp))
  end, bufnr)
end

--- The outline's entries, in reading order, from the server's
--- DocumentSymbol tree: each question with the asker (and time), then the
--- answers beneath it, one level deeper.
---@param symbols table[] DocumentSymbol[]
---@return table[] items for setloclist, with `user_data.depth`
function M.outline_items(symbols, bufnr, encoding)
  local items = {}
  local function add(symbol, depth)
    local start = symbol.selectionRange and symbol.selectionRange.start or symbol.range.start
    local row = start.line
    local line = line_text(bufnr, row)
    local col = byte_col(line, start.character, encoding)
    local detail = symbol.detail
    if detail == vim.NIL or detail == '' then
      detail = nil
    end
    -- As `transcript-ls outline` prints them: a question as
    -- "Q: How many masks…  (Reporter)", any other turn as
    -- "MINISTER: We have shipped…".
    local text
    if symbol.kind == vim.lsp.protocol.SymbolKind.Namespace then
      text = 'Q: ' .. symbol.name .. (detail and ('  (%s)'):format(detail) or '')
    else
      text = symbol.name .. (detail and (': ' .. detail) or '')
    end
    items[#items + 1] = {
      bufnr = bufnr,
      lnum = row + 1,
      col = col + 1,
      text = text,
      user_data = { depth = depth },
    }
    for _, child in ipairs(symbol.children or {}) do
      add(child, depth + 1)
    end
  end
  for _, symbol in ipairs(symbols) do
    add(symbol, 0)
  end
  return items
end

--- How the location list shows the outline: the line number, then the entry
--- indented by its depth (the list's own format would drop the indent).
function M.outline_text(info)
  local list = info.quickfix == 1 and vim.fn.getqflist({ id = info.id, items = 1 })
    or vim.fn.getloclist(info.winid, { id = info.id, items = 1 })
  local out = {}
  for i = info.start_idx, info.end_idx do
    local item = list.items[i]
    local depth = type(item.user_data) == 'table' and item.user_data.depth or 0
    out[#out + 1] = ('%4d  %s%s'):format(item.lnum, string.rep('    ', depth), item.text)
  end
  return out
end

--- `:TranscriptOutline`: the outline (questions, then their answers) in the
--- location list.
function M.outline()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  local winid = vim.api.nvim_get_current_win()
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }
  request(client, 'textDocument/documentSymbol', params, function(err, result)
    if err then
      return notify('outline failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    end
    if result == nil or result == vim.NIL or vim.tbl_isempty(result) then
      return notify('no turns found in this transcript')
    end
    local items
    if result[1].range then
      items = M.outline_items(result, bufnr, client.offset_encoding)
    else
      -- SymbolInformation[]: no hierarchy to show.
      items = vim.lsp.util.symbols_to_items(result, bufnr, client.offset_encoding)
    end
    vim.fn.setloclist(winid, {}, ' ', {
      title = 'Transcript outline',
      items = items,
      quickfixtextfunc = M.outline_text,
    })
    vim.api.nvim_win_call(winid, function()
      vim.cmd('lopen')
    end)
  end, bufnr)
end

--- A file's lines, read once per listing, for the columns of the files the
--- editor has not loaded.
local function file_lines(cache, fname)
  if not cache[fname] then
    local ok, read = pcall(vim.fn.readfile, fname)
    cache[fname] = ok and read or {}
  end
  return cache[fname]
end

--- The quickfix items of a `transcript.claims` answer: one a claim, in the
--- server's order (file, then text), `speaker: figure [status]`, and what
--- another transcript says instead when they disagree.
---@param result table the command's result
---@param encoding string the client's offset encoding
---@return table[] items for setqflist
function M.claims_items(result, encoding)
  local items, cache = {}, {}
  for _, row in ipairs(result.rows or {}) do
    local fname = vim.uri_to_fname(row.uri)
    local start = row.range.start
    local bufnr = vim.fn.bufnr(fname)
    local line
    if bufnr > 0 and vim.api.nvim_buf_is_loaded(bufnr) then
      line = line_text(bufnr, start.line)
    else
      line = file_lines(cache, fname)[start.line + 1] or ''
    end
    local speaker = row.speaker
    if type(speaker) ~= 'string' or speaker == '' then
      speaker = '(no speaker)'
    end
    local text = ('%s: %s [%s]'):format(speaker, row.figure, row.status)
    if type(row.disagrees) == 'table' then
      local others = {}
      for _, other in ipairs(row.disagrees.with or {}) do
        others[#others + 1] = ('%s (%s:%d)'):format(
          other.figure,
          vim.fn.fnamemodify(vim.uri_to_fname(other.uri), ':t'),
          other.range.start.line + 1
        )
      end
      text = text .. ' ≠ ' .. table.concat(others, ', ')
      local more = (row.disagrees.total or #others) - #others
      if more > 0 then
        text = text .. (' +%d more'):format(more)
      end
    end
    items[#items + 1] = {
      filename = fname,
      lnum = start.line + 1,
      col = byte_col(line, start.character, encoding) + 1,
      text = text,
      type = row.status == 'uncited' and 'W' or (type(row.disagrees) == 'table' and 'I' or ''),
    }
  end
  return items
end

--- `:TranscriptClaims`: every figure of the workspace's transcripts (the
--- open ones, and the files of the workspace folders) in the quickfix list,
--- from the server's `transcript.claims`.
function M.claims()
  local bufnr = vim.api.nvim_get_current_buf()
  -- From any buffer: the table is the workspace's, not this buffer's.
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = NAME })[1]
    or vim.lsp.get_clients({ name = NAME })[1]
    or client_for(bufnr)
  if not client then
    return
  end
  local command = 'transcript.claims'
  request(client, 'workspace/executeCommand', { command = command, arguments = {} }, function(err, result)
    local function done(ok, message)
      vim.api.nvim_exec_autocmds('User', {
        pattern = 'TranscriptLsCommand',
        modeline = false,
        data = { command = command, ok = ok, error = message },
      })
    end
    if err then
      done(false, err.message)
      return notify(('%s failed: %s'):format(command, err.message or vim.inspect(err)), vim.log.levels.ERROR)
    end
    if type(result) ~= 'table' then
      done(false, 'no table')
      return notify(command .. ' answered nothing', vim.log.levels.ERROR)
    end
    local items = M.claims_items(result, client.offset_encoding)
    vim.fn.setqflist({}, ' ', { title = 'Transcript claims', items = items })
    local uncited = 0
    for _, row in ipairs(result.rows or {}) do
      if row.status == 'uncited' then
        uncited = uncited + 1
      end
    end
    done(true)
    if #items == 0 then
      return notify('no figures in the transcripts of this workspace')
    end
    vim.cmd('copen')
    notify(('%d claims in %d transcripts, %d uncited'):format(#items, #(result.files or {}), uncited))
  end, bufnr)
end

return M
