-- Transcripts are named for what they are: `*.transcript`, or a transcript's
-- usual extension after `.transcript` (`talk.transcript.txt`). Plain `.txt`
-- files stay text unless `require('transcript_ls').setup({ plaintext = true })`
-- asks for a look at their first lines. Sidecars (`*.notes.json`) are JSON.
vim.filetype.add({
  extension = {
    transcript = 'transcript',
  },
  pattern = {
    ['.*%.transcript%.txt'] = 'transcript',
    ['.*%.transcript%.md'] = 'transcript',
    ['.*%.transcript%.vtt'] = 'transcript',
    ['.*%.transcript%.srt'] = 'transcript',
    ['.*%.notes%.json'] = 'json',
  },
})
