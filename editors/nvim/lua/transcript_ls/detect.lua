--- Whether a plain-text file looks like a transcript, for users who opt in
--- with `setup({ plaintext = true })`. The test is strict on purpose: several
--- labelled turns with a recurring speaker, a WebVTT header, or a run of
--- timestamps. A file of `Key: value` headers has labels that never recur, so
--- it stays text. (The VS Code extension applies the same rules.)

local M = {}

--- How many non-blank lines are looked at.
M.lines = 80

local function strip_furniture(line)
  line = line:gsub('^%s+', '')
  -- a leading timestamp: [00:01:02], (01:02), 00:01:02.500
  line = line:gsub('^[%[(]?%d?%d?:?%d?%d:%d%d[.,]?%d*[%])]?%s*', '')
  line = line:gsub('^>>%s*', ''):gsub('^%-%s+', '')
  return line
end

--- The speaker label of a line and the speech after it, or nil.
---@param line string
---@return string?, string?
function M.label(line)
  line = strip_furniture(line):gsub('%*%*', '')
  local qa, speech = line:match('^([QA])[.:]%s+(%S.*)$')
  if qa then
    return qa, speech
  end
  local label
  label, speech = line:match('^([^:]+):%s+(%S.*)$')
  if not label then
    return nil
  end
  label = label:gsub('%s*%([%d:]+%)$', '') -- `Speaker 1 (00:40)`
  local words = vim.split(vim.trim(label), '%s+')
  if #words == 0 or #words > 5 or #label > 40 then
    return nil
  end
  for i, word in ipairs(words) do
    local capital = word:match('^%u') or word:match('^[\195-\244]') -- ASCII capital or non-ASCII letter
    local number = i > 1 and word:match('^%d%d?%d?$')
    if not (capital or number) then
      return nil
    end
  end
  return label:upper(), speech
end

---@param lines string[]
---@return boolean
function M.looks_like_transcript(lines)
  local head = {}
  for _, line in ipairs(lines) do
    if line:match('%S') then
      head[#head + 1] = line
      if #head >= M.lines then
        break
      end
    end
  end
  if head[1] and head[1]:match('^WEBVTT') then
    return true
  end
  local seen, distinct, labelled, timestamps, recurring = {}, 0, 0, 0, false
  for _, line in ipairs(head) do
    if line:match('^%s*[%[(]?%d?%d?:?%d?%d:%d%d[.,]?%d*[%])]?%s') or line:match('^%s*[%[(]?%d?%d?:?%d?%d:%d%d[.,]?%d*[%])]?$') then
      timestamps = timestamps + 1
    end
    local label, speech = M.label(line)
    if label and #vim.split(vim.trim(speech), '%s+') >= 2 then
      labelled = labelled + 1
      if seen[label] then
        recurring = true
      else
        distinct = distinct + 1
      end
      seen[label] = (seen[label] or 0) + 1
    end
  end
  if labelled >= 4 and distinct >= 2 and recurring then
    return true
  end
  return timestamps >= 3 and timestamps * 2 >= #head
end

--- Registers the detection of transcripts among `.txt` files.
function M.plaintext()
  vim.filetype.add({
    pattern = {
      ['.*%.txt'] = {
        function(_, bufnr)
          local lines = vim.api.nvim_buf_get_lines(bufnr, 0, M.lines * 2, false)
          if M.looks_like_transcript(lines) then
            return 'transcript'
          end
        end,
        -- Patterns of priority 0 or more come before the `txt` extension's
        -- own detection, which a nil answer here falls back to.
        { priority = 0 },
      },
    },
  })
end

return M
