-- The editor suite: a real Neovim, the plugin from editors/nvim and the built
-- transcript-ls server, driven the way a user would drive them.
--
--     nvim --headless --clean -l editors/nvim/tests/run.lua
--
-- The server is $TRANSCRIPT_LS, else the newer of target/release and
-- target/debug. This Neovim only runs the suite: each scenario starts another
-- Neovim (the child) from a clean config holding the README's setup, read
-- from README.md (the block after "Without a plugin manager"):
--
--     vim.opt.runtimepath:prepend('<repo>/editors/nvim')
--     vim.lsp.enable('transcript_ls')
--
-- with the server on PATH as `transcript-ls`, and drives it over RPC. Results
-- are printed as `ok - name` / `not ok - name` lines and a closing
-- `N passed, N failed` line; the exit status is 1 when a test failed.

local uv = vim.uv or vim.loop

local script = vim.fn.fnamemodify(arg[0], ':p')
local plugin_dir = vim.fn.fnamemodify(script, ':h:h')
local repo = vim.fn.fnamemodify(plugin_dir, ':h:h')

local passed, failed = 0, 0

local function out(line)
  io.stdout:write(line, '\n')
end

local function comment(text)
  for _, line in ipairs(vim.split(tostring(text), '\n', { trimempty = true })) do
    out('#   ' .. line)
  end
end

local function finish()
  out(('%d passed, %d failed'):format(passed, failed))
  io.stdout:flush()
  os.exit(failed > 0 and 1 or 0)
end

-- The server ------------------------------------------------------------------

local function mtime(path)
  local stat = uv.fs_stat(path)
  return stat and stat.type == 'file' and stat.mtime.sec or nil
end

local function find_server()
  if vim.env.TRANSCRIPT_LS and vim.env.TRANSCRIPT_LS ~= '' then
    return vim.fn.fnamemodify(vim.env.TRANSCRIPT_LS, ':p')
  end
  local best, best_time
  for _, profile in ipairs({ 'release', 'debug' }) do
    local path = repo .. '/target/' .. profile .. '/transcript-ls'
    local t = mtime(path)
    if t and (not best_time or t > best_time) then
      best, best_time = path, t
    end
  end
  return best
end

local server = find_server()
if not server or vim.fn.executable(server) ~= 1 then
  out('not ok - the transcript-ls server is built')
  comment('no server at $TRANSCRIPT_LS, target/release or target/debug: run `cargo build` first')
  failed = failed + 1
  finish()
end
out('# nvim ' .. tostring(vim.version()))
out('# server ' .. server .. ' (' .. vim.trim(vim.fn.system({ server, '--version' })) .. ')')

-- The fixture -----------------------------------------------------------------

local tmp = vim.fn.tempname()
local project = tmp .. '/project'
local bin = tmp .. '/bin'
vim.fn.mkdir(project, 'p')
vim.fn.mkdir(bin, 'p')
-- The config names `transcript-ls`: put the built server on PATH under that name.
assert(uv.fs_symlink(server, bin .. '/transcript-ls'))

local function write(path, text)
  local f = assert(io.open(path, 'w'))
  f:write(text)
  f:close()
end

-- An interview written for this suite. Its figures: `220 billion masks`,
-- `87 clinics` and `12 auditors` are uncited; `$25 million` is cited by the
-- Pandoc marker after it. The curly apostrophe before `87` makes byte,
-- UTF-16 and code point columns differ on that line.
local lines = {
  'Q: How many masks has the province shipped abroad this year?',
  'A: We have shipped 220 billion masks to our partners.',
  'Q: What did the programme cost?',
  'A: It cost $25 million [@budget2024], and the region’s 87 clinics took part.',
  'Q: Who checked those numbers?',
  'A: An outside panel of 12 auditors read every ledger.',
}
local text = table.concat(lines, '\n') .. '\n'
local transcript = project .. '/interview.transcript.txt'
local sidecar = transcript .. '.notes.json'
write(transcript, text)

-- Captions whose second cue continues the first one's turn: its words have
-- the second cue's time, not the turn's.
local captions_lines = {
  'WEBVTT',
  '',
  '00:00:01.000 --> 00:00:03.000',
  '<v Minister>We opened 87 clinics.',
  '',
  '00:12:31.400 --> 00:12:40.000',
  '<v Minister>And we hired 450 nurses.',
}
local captions = project .. '/briefing.transcript.vtt'
write(captions, table.concat(captions_lines, '\n') .. '\n')

--- 0-based row and byte columns [s, e) of `needle` in the fixture.
local function locate(needle)
  for row, line in ipairs(lines) do
    local s, e = line:find(needle, 1, true)
    if s then
      return { row = row - 1, col = s - 1, end_col = e }
    end
  end
  error('not in the fixture: ' .. needle)
end

--- Code point offsets of `needle` in the whole text, as W3C selectors count.
local function code_points(needle)
  local s, e = text:find(needle, 1, true)
  return vim.fn.strchars(text:sub(1, s - 1)), vim.fn.strchars(text:sub(1, e))
end

-- A note another tool wrote earlier, on `outside panel`.
local panel_start, panel_end = code_points('outside panel')
write(
  sidecar,
  vim.json.encode({
    ['@context'] = 'http://www.w3.org/ns/anno.jsonld',
    type = 'AnnotationCollection',
    first = {
      type = 'AnnotationPage',
      items = {
        {
          ['@context'] = 'http://www.w3.org/ns/anno.jsonld',
          id = 'urn:uuid:0b7e4a52-3c1d-4f6e-9a80-5d2c1e7f9b10',
          type = 'Annotation',
          created = '2025-03-01T10:00:00Z',
          modified = '2025-03-01T10:00:00Z',
          motivation = 'commenting',
          body = {
            type = 'TextualBody',
            value = 'Panel named in the annual report.',
            format = 'text/markdown',
          },
          target = {
            source = 'interview.transcript.txt',
            selector = {
              {
                type = 'TextQuoteSelector',
                exact = 'outside panel',
                prefix = 'A: An ',
                suffix = ' of 12 auditors read every ledger.',
              },
              { type = 'TextPositionSelector', start = panel_start, ['end'] = panel_end },
            },
          },
        },
      },
    },
  }) .. '\n'
)

-- The child Neovim ------------------------------------------------------------

local child_env = {
  PATH = bin .. ':' .. (vim.env.PATH or ''),
  XDG_CONFIG_HOME = tmp .. '/xdg/config',
  XDG_DATA_HOME = tmp .. '/xdg/data',
  XDG_STATE_HOME = tmp .. '/xdg/state',
  XDG_CACHE_HOME = tmp .. '/xdg/cache',
}

local function start_child(init_lines)
  local init = tmp .. '/init-' .. uv.hrtime() .. '.lua'
  write(init, table.concat(init_lines, '\n') .. '\n')
  local chan = vim.fn.jobstart(
    { vim.v.progpath, '--embed', '--headless', '--clean', '-u', init },
    { rpc = true, cwd = project, env = child_env }
  )
  assert(chan > 0, 'cannot start ' .. vim.v.progpath)
  local helpers = plugin_dir .. '/tests/helpers.lua'
  vim.rpcrequest(
    chan,
    'nvim_exec_lua',
    [[
      _G.T = dofile(...)
      _G.F = select(2, ...)
    ]],
    {
      helpers,
      {
        transcript = transcript,
        sidecar = sidecar,
        lines = lines,
        captions = captions,
      },
    }
  )
  return chan
end

local function lsp_log_tail()
  local f = io.open(tmp .. '/xdg/state/nvim/lsp.log', 'r')
  if not f then
    return nil
  end
  local all = f:read('*a')
  f:close()
  local log_lines = vim.split(all, '\n', { trimempty = true })
  return table.concat(vim.list_slice(log_lines, math.max(1, #log_lines - 8)), '\n')
end

local chan

--- Runs `code` in the child with `...` as its arguments.
local function child(code, ...)
  return vim.rpcrequest(chan, 'nvim_exec_lua', code, { ... })
end

local function test(name, fn)
  local ok, err = pcall(fn)
  if ok then
    passed = passed + 1
    out('ok - ' .. name)
  else
    failed = failed + 1
    out('not ok - ' .. name)
    comment(err)
    local got, said = pcall(child, 'local m = T.messages; T.messages = {}; return m')
    if got and type(said) == 'table' and #said > 0 then
      comment('the plugin said: ' .. table.concat(said, ' | '))
    end
  end
  io.stdout:flush()
end

local function eq(actual, expected, what)
  if not vim.deep_equal(actual, expected) then
    error(('%s: expected %s, got %s'):format(what, vim.inspect(expected), vim.inspect(actual)), 0)
  end
end

local function contains(haystack, needle, what)
  if type(haystack) ~= 'string' or not haystack:find(needle, 1, true) then
    error(('%s: expected to contain %q, got %s'):format(what, needle, vim.inspect(haystack)), 0)
  end
end

-- The scenarios ---------------------------------------------------------------

--- The README's setup without a plugin manager, as it is written there (the
--- Lua block after "Without a plugin manager"), with this checkout for
--- `/path/to/transcript-ls`: the suite's first child starts from it, so a
--- change to the README's setup is tested as written.
local function readme_setup()
  local f = assert(io.open(repo .. '/README.md', 'r'))
  local readme = f:read('*a')
  f:close()
  local block = readme:match('Without a plugin manager, in `init%.lua`:%s*```lua\n(.-)\n```')
  assert(block, 'README.md: no Lua block after "Without a plugin manager, in `init.lua`:"')
  local init = block:gsub('/path/to/transcript%-ls', function()
    return repo
  end)
  assert(init:find(plugin_dir, 1, true), 'the README setup does not put editors/nvim on runtimepath:\n' .. block)
  return vim.split(init, '\n')
end

local read_ok, readme_init = pcall(readme_setup)
if not read_ok then
  out('not ok - the README holds the Neovim setup the suite starts from')
  comment(readme_init)
  failed = failed + 1
  finish()
end
out('# the README setup: ' .. table.concat(readme_init, ' '))
chan = start_child(readme_init)

test('the plugin defines its user commands', function()
  local names = child([[
    local names = vim.tbl_keys(vim.api.nvim_get_commands({}))
    table.sort(names)
    return vim.tbl_filter(function(n) return n:match('^Transcript') end, names)
  ]])
  eq(names, {
    'TranscriptCite',
    'TranscriptClaims',
    'TranscriptEditNote',
    'TranscriptNote',
    'TranscriptOutline',
    'TranscriptRemoveNote',
    'TranscriptReviewed',
    'TranscriptTimestamp',
  }, 'commands')
end)

test('filetype: transcripts by name, never every .txt', function()
  local got = child([[
    local names = { 'a.transcript', 'b.transcript.txt', 'c.transcript.md', 'd.transcript.vtt',
      'e.transcript.srt', 'notes.txt', 'readme.md', 'talk.vtt', 'b.transcript.txt.notes.json' }
    local out = {}
    for _, n in ipairs(names) do out[n] = vim.filetype.match({ filename = '/x/' .. n }) or 'none' end
    vim.cmd.edit(vim.fn.fnameescape(F.transcript))
    out.opened = vim.bo.filetype
    return out
  ]])
  eq(got.opened, 'transcript', 'filetype of the opened fixture')
  for _, n in ipairs({ 'a.transcript', 'b.transcript.txt', 'c.transcript.md', 'd.transcript.vtt', 'e.transcript.srt' }) do
    eq(got[n], 'transcript', n)
  end
  for _, n in ipairs({ 'notes.txt', 'readme.md', 'talk.vtt' }) do
    if got[n] == 'transcript' then
      error(n .. ' must not be a transcript', 0)
    end
  end
  eq(got['b.transcript.txt.notes.json'], 'json', 'a sidecar')
end)

test('the one-line setup starts transcript-ls for the transcript', function()
  local info = child([[
    local c = T.wait_client(0)
    return { name = c.name, cmd = c.config.cmd, encoding = c.offset_encoding,
      clients = #vim.lsp.get_clients({ bufnr = 0 }) }
  ]])
  eq(info.name, 'transcript_ls', 'client name')
  eq(info.cmd, { 'transcript-ls' }, 'the default cmd, found on PATH')
  eq(info.clients, 1, 'clients on the buffer')
  out('#   position encoding: ' .. tostring(info.encoding))
end)

local figures = {
  { needle = '220 billion', row = 1 },
  { needle = '87', row = 3 },
  { needle = '12', row = 5 },
}

test('diagnostics flag the uncited figures, at their positions', function()
  local diags = child([[
    return T.wait('uncited-figure diagnostics', function()
      local d = vim.tbl_filter(function(x) return x.code == 'uncited-figure' end, T.diagnostics(0))
      return #d > 0 and d or nil
    end)
  ]])
  local summary = vim.tbl_map(function(d)
    return ('%d:%d-%d:%d %s'):format(d.lnum, d.col, d.end_lnum, d.end_col, d.message)
  end, diags)
  eq(#diags, #figures, 'number of uncited figures (' .. table.concat(summary, '; ') .. ')')
  for i, f in ipairs(figures) do
    local at = locate(f.needle)
    local d = diags[i]
    eq(d.lnum, f.row, f.needle .. ': line')
    eq(d.end_lnum, f.row, f.needle .. ': end line')
    if not (d.col <= at.col and d.end_col >= at.end_col) then
      error(('%s: range %d-%d does not cover bytes %d-%d'):format(f.needle, d.col, d.end_col, at.col, at.end_col), 0)
    end
    if d.col < at.col - 12 then
      error(('%s: range starts too early, at %d'):format(f.needle, d.col), 0)
    end
    eq(d.severity, vim.diagnostic.severity.WARN, f.needle .. ': severity')
  end
  local cited = locate('$25 million')
  for _, d in ipairs(diags) do
    if d.lnum == cited.row and d.col <= cited.col and d.end_col > cited.col then
      error('the cited `$25 million` is flagged', 0)
    end
  end
end)

test('the outline lists the exchanges by question', function()
  local symbols = child([[
    return T.request(0, 'textDocument/documentSymbol', { textDocument = { uri = vim.uri_from_bufnr(0) } })
  ]])
  if type(symbols) ~= 'table' or #symbols == 0 then
    error('no symbols: ' .. vim.inspect(symbols), 0)
  end
  if symbols[1].range == nil then
    error('expected DocumentSymbol[] (with children), got SymbolInformation[]', 0)
  end
  local expected = {
    { row = 0, words = 'How many masks' },
    { row = 2, words = 'What did the programme cost' },
    { row = 4, words = 'Who checked those numbers' },
  }
  eq(#symbols, #expected, 'top-level symbols (' .. table.concat(vim.tbl_map(function(s)
    return s.name
  end, symbols), ' | ') .. ')')
  for i, e in ipairs(expected) do
    contains(symbols[i].name, e.words, 'question ' .. i)
    eq(symbols[i].range.start.line, e.row, 'question ' .. i .. ' starts on its line')
    eq(#(symbols[i].children or {}), 1, 'question ' .. i .. ' has its answer beneath it')
    eq(symbols[i].children[1].range.start.line, e.row + 1, 'answer ' .. i .. ' line')
  end
end)

test(':TranscriptOutline lists the questions with their answers indented beneath', function()
  local got = child([[
    vim.cmd('TranscriptOutline')
    local list = T.wait('the location list', function()
      local l = vim.fn.getloclist(0)
      return #l > 0 and l or nil
    end)
    local shown = T.wait('the location list window', function()
      for _, win in ipairs(vim.api.nvim_tabpage_list_wins(0)) do
        if vim.fn.getwininfo(win)[1].loclist == 1 then
          return vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
        end
      end
    end)
    local title = vim.fn.getloclist(0, { title = 1 }).title
    vim.cmd('lclose')
    return {
      title = title,
      shown = shown,
      items = vim.tbl_map(function(i)
        return { lnum = i.lnum, col = i.col, text = i.text, depth = i.user_data and i.user_data.depth }
      end, list),
    }
  ]])
  eq(got.title, 'Transcript outline', 'the list title')
  local expected = {
    { lnum = 1, depth = 0, text = 'Q: How many masks has the province shipped abroad this year?' },
    { lnum = 2, depth = 1, text = 'A: We have shipped 220 billion masks' },
    { lnum = 3, depth = 0, text = 'Q: What did the programme cost?' },
    { lnum = 4, depth = 1, text = 'A: It cost $25 million' },
    { lnum = 5, depth = 0, text = 'Q: Who checked those numbers?' },
    { lnum = 6, depth = 1, text = 'A: An outside panel of 12 auditors' },
  }
  eq(#got.items, #expected, 'entries (' .. table.concat(vim.tbl_map(function(i)
    return i.text
  end, got.items), ' | ') .. ')')
  eq(#got.shown, #expected, 'lines in the location list window')
  for i, e in ipairs(expected) do
    local item = got.items[i]
    eq(item.lnum, e.lnum, 'entry ' .. i .. ' line')
    eq(item.col, 1, 'entry ' .. i .. ' column')
    eq(item.depth, e.depth, 'entry ' .. i .. ' depth')
    eq(item.text:sub(1, #e.text), e.text, 'entry ' .. i .. ' text')
    -- The window shows the line number, then the entry indented by depth;
    -- no symbol kinds.
    local line = got.shown[i]
    local prefix = ('%4d  %s'):format(e.lnum, string.rep(' ', 4 * e.depth))
    eq(line:sub(1, #prefix + #e.text), prefix .. e.text, 'line ' .. i .. ' of the window')
    for _, kind in ipairs({ 'Namespace', 'String', 'Event' }) do
      if line:find('[' .. kind .. ']', 1, true) then
        error(('line %d shows a symbol kind (%s): %s'):format(i, kind, line), 0)
      end
    end
  end
  -- The question's asker follows it.
  contains(got.items[1].text, '  (Q)', 'the asker of question 1')
end)

local panel = locate('outside panel')

test(':TranscriptClaims lists every figure of the open transcripts in the quickfix list', function()
  -- A follow-up that states the masks differently: both sides are flagged.
  local followup = project .. '/followup.transcript.txt'
  write(followup, 'Q: And the masks?\nA: So far we have shipped 200 billion masks.\n')
  local got = child(
    [[
    local followup = ...
    vim.cmd.edit(vim.fn.fnameescape(F.transcript))
    local interview = vim.api.nvim_get_current_buf()
    T.wait_client(0)
    vim.cmd.edit(vim.fn.fnameescape(followup))
    local other = vim.api.nvim_get_current_buf()
    -- Whatever happens, the scenarios after this one start from the interview.
    local ok, got = pcall(function()
    T.wait_client(0)
    local cross = T.wait('the disagreeing-figure diagnostic on the interview', function()
      for _, d in ipairs(T.diagnostics(interview)) do
        if d.code == 'disagreeing-figure' then
          return d
        end
      end
    end)
    vim.cmd.buffer(interview)
    T.messages = {}
    T.run_command('TranscriptClaims', 'transcript.claims')
    local title = vim.fn.getqflist({ title = 1 }).title
    local items = vim.tbl_map(function(i)
      return { file = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(i.bufnr), ':t'), lnum = i.lnum,
        col = i.col, text = i.text, type = i.type }
    end, vim.fn.getqflist())
    local opened = vim.bo[vim.api.nvim_win_get_buf(0)].buftype == 'quickfix'
    return { cross = cross, title = title, items = items, opened = opened, said = T.messages }
    end)
    vim.cmd('cclose')
    vim.cmd.buffer(interview)
    vim.cmd('bwipeout! ' .. other)
    if not ok then
      error(got, 0)
    end
    -- Closed, the follow-up no longer disagrees with anything.
    T.wait('the diagnostic to go with the follow-up', function()
      for _, d in ipairs(T.diagnostics(interview)) do
        if d.code == 'disagreeing-figure' then
          return nil
        end
      end
      return true
    end)
    return got
  ]],
    followup
  )
  os.remove(followup)
  eq(got.title, 'Transcript claims', 'the list title')
  eq(got.opened, true, 'the quickfix window is open')
  local masks = locate('220 billion masks')
  eq(got.cross.lnum, masks.row, 'the diagnostic line')
  eq(got.cross.col, masks.col, 'the diagnostic column')
  contains(got.cross.message, '200 billion masks', 'the diagnostic names the other figure')
  local function entry(file, needle)
    for _, item in ipairs(got.items) do
      if item.file == file and item.text:find(needle, 1, true) then
        return item
      end
    end
    error(('no entry for %s in %s: %s'):format(needle, file, vim.inspect(got.items)), 0)
  end
  local first = entry('interview.transcript.txt', '220 billion masks')
  eq(first.lnum, masks.row + 1, 'the masks entry line')
  eq(first.col, masks.col + 1, 'the masks entry column')
  eq(first.text, 'A: 220 billion masks [uncited] ≠ 200 billion masks (followup.transcript.txt:2)', 'its text')
  eq(first.type, 'W', 'an uncited figure is a warning')
  -- After the curly apostrophe: a byte column, not a UTF-16 one.
  local clinics = locate('87 clinics')
  local second = entry('interview.transcript.txt', '87 clinics')
  eq(second.col, clinics.col + 1, 'the clinics entry column, after the ’')
  eq(second.text, 'A: 87 clinics [uncited]', 'a figure no one contradicts')
  local cited = entry('interview.transcript.txt', '$25 million')
  eq(cited.text, 'A: $25 million [cited]', 'a cited figure')
  local back = entry('followup.transcript.txt', '200 billion masks')
  eq(back.text, 'A: 200 billion masks [uncited] ≠ 220 billion masks (interview.transcript.txt:2)', 'the other side')
  contains(table.concat(got.said, ' | '), 'claims in 2 transcripts', 'what the command said')
end)

test(':TranscriptClaims columns of a file no buffer holds come from the file', function()
  -- A transcript of the workspace the editor never loaded: the server gives
  -- UTF-16 columns, the list needs byte columns of the file's own line.
  local unloaded = project .. '/unloaded.transcript.txt'
  write(unloaded, 'Q: And the clinics?\nA: The region’s 87 clinics opened.\n')
  local got = child(
    [[
    local path = ...
    local row = {
      uri = vim.uri_from_fname(path),
      range = { start = { line = 1, character = 16 }, ['end'] = { line = 1, character = 26 } },
      speaker = vim.NIL, figure = '87 clinics', status = 'uncited', disagrees = vim.NIL,
    }
    local items = require('transcript_ls.commands').claims_items({ rows = { row } }, 'utf-16')
    return { items = items, loaded = vim.fn.bufloaded(path) }
  ]],
    unloaded
  )
  os.remove(unloaded)
  eq(got.loaded, 0, 'the file stays unloaded')
  eq(#got.items, 1, 'one entry')
  -- `A: The region’s ` is 16 UTF-16 units and 18 bytes.
  eq(got.items[1].col, 19, 'the byte column, after the ’')
  eq(got.items[1].lnum, 2, 'the line')
  eq(got.items[1].text, '(no speaker): 87 clinics [uncited]', 'the text of a claim before any label')
end)

test('hover shows a note from the sidecar', function()
  local hover = child('return T.hover(0, ...)', panel.row, panel.col + 3)
  contains(hover, 'Panel named in the annual report.', 'hover on `outside panel`')
end)

local clinics = locate('87 clinics')
local first_note = 'Clinic count from the ministry list.'
local second_note = 'Clinic count confirmed by phone.'

test(':TranscriptNote adds a note to the sidecar from vim.ui.input', function()
  local result = child(
    [[
    local row, col, end_col, answer = ...
    T.answer_input(answer)
    T.select(row, col, end_col)
    T.messages = {}
    T.run_command("'<,'>TranscriptNote", 'transcript.addNote')
    local note = T.wait('the note in the sidecar', function()
      return T.note_with_text(F.sidecar, answer)
    end)
    return { note = note, prompts = #T.inputs, on_disk = T.file_text(F.sidecar), said = T.messages }
  ]],
    clinics.row,
    clinics.col,
    clinics.end_col,
    first_note
  )
  eq(result.prompts, 1, 'vim.ui.input calls')
  eq(child('return T.quote(...)', result.note), '87 clinics', 'the quote of the new note')
  if type(result.note.id) ~= 'string' or not result.note.id:match('^urn:uuid:') then
    error('the note id is not a urn:uuid: ' .. vim.inspect(result.note.id), 0)
  end
  contains(result.on_disk, first_note, 'the sidecar on disk')
  contains(result.on_disk, 'Panel named in the annual report.', 'the earlier note, kept')
  eq(result.said, { '[2] transcript-ls: added a note on “87 clinics”' }, 'what the command said')
end)

test('hover shows the new note', function()
  local hover = child('return T.hover(0, ...)', clinics.row, clinics.col + 1)
  contains(hover, first_note, 'hover on `87 clinics`')
end)

test(':TranscriptEditNote prefills the note and changes its text', function()
  local result = child(
    [[
    local row, col, old, new = ...
    local before = T.note_with_text(F.sidecar, old)
    T.inputs = {}
    T.answer_input(new)
    T.cursor(row, col)
    T.messages = {}
    T.run_command('TranscriptEditNote', 'transcript.editNote')
    local after = T.wait('the edited note in the sidecar', function()
      return T.note_with_text(F.sidecar, new)
    end)
    return { before = before and before.id, after = after.id, inputs = T.inputs, said = T.messages,
      old_left = T.note_with_text(F.sidecar, old) ~= nil, on_disk = T.file_text(F.sidecar) }
  ]],
    clinics.row,
    clinics.col + 1,
    first_note,
    second_note
  )
  eq(#result.inputs, 1, 'vim.ui.input calls')
  eq(result.inputs[1].default, first_note, 'the input box starts with the note text')
  eq(result.after, result.before, 'the note keeps its id')
  eq(result.old_left, false, 'the old text is gone')
  contains(result.on_disk, second_note, 'the sidecar on disk')
  contains(child('return T.hover(0, ...)', clinics.row, clinics.col + 1), second_note, 'hover after the edit')
  eq(result.said, {
    '[2] transcript-ls: changed the note “Clinic count from the ministry list.” to “Clinic count confirmed by phone.”',
  }, 'what the command said')
end)

test('the sidecar buffer gets the server too', function()
  local attached = child([[
    local transcript_buf = vim.api.nvim_get_current_buf()
    vim.cmd('split ' .. vim.fn.fnameescape(F.sidecar))
    local buf = vim.api.nvim_get_current_buf()
    local ok = pcall(T.wait, 'transcript_ls on the sidecar', function() return T.client(buf) end, 5000)
    local ft = vim.bo[buf].filetype
    vim.cmd('close')
    vim.api.nvim_set_current_buf(transcript_buf)
    return { ok = ok, ft = ft }
  ]])
  eq(attached.ft, 'json', 'sidecar filetype')
  eq(attached.ok, true, 'transcript_ls attached to the sidecar')
end)

local masks = locate('220 billion')
local auditors = locate('12 auditors')

test(':TranscriptCite records a source and clears the figure', function()
  local said = child(
    [[
    local row, col = ...
    T.wait('the figure to be flagged first', function() return T.flagged(0, row) end)
    T.answer_input('https://example.org/exports-2024')
    T.cursor(row, col)
    T.messages = {}
    T.run_command('TranscriptCite', 'transcript.citeFigure')
    T.wait('the figure no longer flagged', function() return not T.flagged(0, row) end)
    return T.messages
  ]],
    masks.row,
    masks.col + 1
  )
  contains(child('return T.file_text(F.sidecar)'), 'https://example.org/exports-2024', 'the sidecar on disk')
  eq(said, { '[2] transcript-ls: cited “220 billion masks”: https://example.org/exports-2024' }, 'what the command said')
end)

test(':TranscriptReviewed clears the figure', function()
  local said = child(
    [[
    local row, col = ...
    T.wait('the figure to be flagged first', function() return T.flagged(0, row) end)
    T.cursor(row, col)
    T.messages = {}
    T.run_command('TranscriptReviewed', 'transcript.markReviewed')
    T.wait('the figure no longer flagged', function() return not T.flagged(0, row) end)
    return T.messages
  ]],
    auditors.row,
    auditors.col
  )
  eq(said, { '[2] transcript-ls: marked “12 auditors” reviewed' }, 'what the command said')
end)

test(':TranscriptRemoveNote removes the note under the cursor', function()
  local left = child(
    [[
    local row, col, text = ...
    T.wait('the note to be there first', function() return T.note_with_text(F.sidecar, text) end)
    T.cursor(row, col)
    T.messages = {}
    T.run_command('TranscriptRemoveNote', 'transcript.removeNote')
    T.wait('the note gone from the sidecar', function()
      local notes = T.sidecar_notes(F.sidecar)
      return notes and T.note_with_text(F.sidecar, text) == nil
    end)
    return { text = T.file_text(F.sidecar), said = T.messages }
  ]],
    clinics.row,
    clinics.col + 1,
    second_note
  )
  if left.text:find(second_note, 1, true) then
    error('the removed note is still on disk', 0)
  end
  contains(left.text, 'Panel named in the annual report.', 'the other notes, kept')
  eq(left.said, { '[2] transcript-ls: removed the note “Clinic count confirmed by phone.”' }, 'what the command said')
end)

test(':TranscriptTimestamp copies the time of the cue under the cursor', function()
  local got = child([[
    -- A clipboard that keeps what it is given, so `+` can be checked headless.
    local clip = {}
    vim.g.clipboard = {
      name = 'suite',
      copy = {
        ['+'] = function(l) clip['+'] = table.concat(l, '\n') end,
        ['*'] = function(l) clip['*'] = table.concat(l, '\n') end,
      },
      paste = {
        ['+'] = function() return { vim.split(clip['+'] or '', '\n'), 'v' } end,
        ['*'] = function() return { vim.split(clip['*'] or '', '\n'), 'v' } end,
      },
    }
    vim.cmd.edit(vim.fn.fnameescape(F.captions))
    T.wait_client(0)
    T.messages = {}
    T.cursor(6, 28) -- `450 nurses`, in the second cue
    T.run_command('TranscriptTimestamp', 'transcript.copyTimestamp')
    local second = { unnamed = vim.fn.getreg('"'), plus = clip['+'], said = table.concat(T.messages, ' | ') }
    T.cursor(0, 2) -- the header: no time yet
    T.messages = {}
    vim.fn.setreg('"', 'before')
    T.run_command('TranscriptTimestamp', 'transcript.copyTimestamp')
    local header = { unnamed = vim.fn.getreg('"'), said = table.concat(T.messages, ' | ') }
    vim.cmd('bwipeout!')
    return { second = second, header = header }
  ]])
  eq(got.second.unnamed, '00:12:31.400', 'the unnamed register')
  eq(got.second.plus, '00:12:31.400', 'the + register')
  contains(got.second.said, 'copied 00:12:31.400', 'what was echoed')
  eq(got.header.unnamed, 'before', 'the unnamed register where no time is known')
  contains(got.header.said, 'no time is known', 'what was said where no time is known')
end)

test('the footnote quick fix puts the cursor where the source goes', function()
  local path = project .. '/vans.transcript.txt'
  write(path, 'Q: How many vans?\nA: We bought 40 vans this spring.\n')
  local got = child([[
    local path = ...
    vim.cmd.edit(vim.fn.fnameescape(path))
    T.wait_client(0)
    T.wait('the figure flagged', function() return T.flagged(0, 1) or nil end)
    T.cursor(1, 14) -- on `40 vans`
    vim.lsp.buf.code_action({
      apply = true,
      filter = function(a) return a.title:find('footnote', 1, true) ~= nil end,
    })
    T.wait('the cursor on the new definition', function()
      local line = vim.api.nvim_get_current_line()
      return line:find('[^1]:', 1, true) == 1 or nil
    end)
    local cursor = vim.api.nvim_win_get_cursor(0)
    local out = {
      figure_line = vim.api.nvim_buf_get_lines(0, 1, 2, false)[1],
      line = vim.api.nvim_get_current_line(),
      col = cursor[2],
    }
    vim.cmd('bwipeout!')
    return out
  ]], path)
  eq(got.figure_line, 'A: We bought 40 vans[^1] this spring.', 'the marker after the figure')
  eq(got.line, '[^1]: ', 'the definition stub')
  -- The server asks for the column after `[^1]: `; normal mode keeps the
  -- cursor on a line's last character, so `a` types the source after it.
  eq(got.col, #'[^1]: ' - 1, 'the cursor, at the end of `[^1]: `')
end)

test('the shipped doc/tags is what :helptags makes of the help file', function()
  local got = child(
    [[
    local doc = ...
    local dir = vim.fn.tempname()
    vim.fn.mkdir(dir, 'p')
    vim.fn.writefile(vim.fn.readfile(doc .. '/transcript_ls.txt'), dir .. '/transcript_ls.txt')
    vim.cmd('helptags ' .. vim.fn.fnameescape(dir))
    return { made = vim.fn.readfile(dir .. '/tags'), shipped = vim.fn.readfile(doc .. '/tags') }
  ]],
    plugin_dir .. '/doc'
  )
  eq(got.shipped, got.made, 'doc/tags (regenerate it with :helptags editors/nvim/doc)')
  local names = vim.tbl_map(function(l)
    return vim.split(l, '\t')[1]
  end, got.shipped)
  for _, tag in ipairs({
    'transcript_ls',
    ':TranscriptNote',
    ':TranscriptEditNote',
    ':TranscriptOutline',
    ':TranscriptTimestamp',
    ':TranscriptClaims',
    'transcript_ls-setup',
    'transcript_ls-diagnostics',
  }) do
    if not vim.tbl_contains(names, tag) then
      error('missing help tag ' .. tag .. ' in ' .. vim.inspect(names), 0)
    end
  end
end)

test(':help transcript_ls opens the plugin help under the README setup', function()
  local got = child([[
    local out = {}
    for _, topic in ipairs({ 'transcript_ls', ':TranscriptOutline', 'transcript_ls-diagnostics' }) do
      local ok, err = pcall(vim.cmd.help, topic)
      out[#out + 1] = {
        topic = topic,
        ok = ok,
        err = not ok and tostring(err) or nil,
        file = ok and vim.api.nvim_buf_get_name(0) or nil,
        buftype = ok and vim.bo.buftype or nil,
        line = ok and vim.api.nvim_get_current_line() or nil,
      }
      if ok then
        vim.cmd('helpclose')
      end
    end
    return out
  ]])
  for _, h in ipairs(got) do
    eq(h.err, nil, ':help ' .. h.topic)
    eq(h.file, plugin_dir .. '/doc/transcript_ls.txt', ':help ' .. h.topic .. ' opens')
    eq(h.buftype, 'help', ':help ' .. h.topic .. ' buftype')
    contains(h.line, '*' .. h.topic .. '*', ':help ' .. h.topic .. ' lands on its tag')
  end
end)

test(':checkhealth transcript_ls finds the server and the filetypes', function()
  local report = child([[
    vim.cmd('checkhealth transcript_ls')
    local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
    vim.cmd('bwipeout!')
    return text
  ]])
  contains(report, 'transcript-ls 0.', 'the server version')
  contains(report, 'filetype detection', 'the filetype check')
  -- Each pattern in backticks: the report is Markdown, where bare `*…*`
  -- would be read as emphasis and hidden.
  for _, pattern in ipairs({ '*.transcript', '*.transcript.txt', '*.transcript.md', '*.transcript.vtt', '*.transcript.srt' }) do
    contains(report, '`' .. pattern .. '`', 'the pattern ' .. pattern)
  end
  contains(report, '`NAME.EXT.notes.json`', 'where notes live')
  contains(report, 'transcript_ls is enabled', 'the enable check')
  if report:find('ERROR', 1, true) then
    error('the report has errors:\n' .. report, 0)
  end
end)

vim.fn.jobstop(chan)

-- Neovim 0.10 has no vim.lsp.config: setup() starts the server with
-- vim.lsp.start from a FileType autocommand. Forced here on 0.11.
chan = start_child({
  ('vim.opt.runtimepath:prepend(%q)'):format(plugin_dir),
  'vim.g.transcript_ls_use_lsp_start = true',
  "require('transcript_ls').setup({ plaintext = true, settings = { transcript = { severity = { count = 'hint' } } } })",
})

test('setup() with vim.lsp.start (the Neovim 0.10 path) attaches', function()
  local info = child([[
    vim.cmd.edit(vim.fn.fnameescape(F.transcript))
    local c = T.wait_client(0)
    return { name = c.name, clients = #vim.lsp.get_clients({ bufnr = 0 }),
      settings = c.config.settings }
  ]])
  eq(info.name, 'transcript_ls', 'client name')
  eq(info.clients, 1, 'clients on the buffer')
  eq(info.settings, { transcript = { severity = { count = 'hint' } } }, 'settings')
end)

test('setup() settings reach the server (count figures become hints)', function()
  local severities = child([[
    return T.wait('diagnostics', function()
      local d = vim.tbl_filter(function(x) return x.code == 'uncited-figure' end, T.diagnostics(0))
      if #d == 0 then return nil end
      return vim.tbl_map(function(x) return x.severity end, d)
    end)
  ]])
  for _, s in ipairs(severities) do
    eq(s, vim.diagnostic.severity.HINT, 'severity of an uncited count')
  end
end)

test('setup({ plaintext = true }) opens .txt files that look like transcripts as transcripts', function()
  local plain = project .. '/plain-interview.txt'
  local mail = project .. '/mail.txt'
  write(plain, table.concat(lines, '\n') .. '\n')
  write(mail, 'From: Someone <a@example.org>\nTo: Another <b@example.org>\nSubject: Minutes of the meeting\n\nThe minutes are attached.\n')
  local got = child(
    [[
    local out = {}
    for _, path in ipairs({ ... }) do
      vim.cmd.edit(vim.fn.fnameescape(path))
      out[#out + 1] = vim.bo.filetype
    end
    return out
  ]],
    plain,
    mail
  )
  eq(got[1], 'transcript', 'a Q/A interview in plain-interview.txt')
  if got[2] == 'transcript' then
    error('mail.txt must stay text', 0)
  end
end)

vim.fn.jobstop(chan)
chan = nil

if failed > 0 then
  local tail = lsp_log_tail()
  if tail then
    out('# lsp.log (last lines):')
    comment(tail)
  end
end
if vim.env.TRANSCRIPT_LS_KEEP_TMP then
  out('# kept ' .. tmp)
else
  vim.fn.delete(tmp, 'rf')
end
finish()
