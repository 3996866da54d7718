" Speaker labels, timestamps and citation markers in transcripts. Which lines
" are turns is the server's call; this only colours what looks like one.
if exists('b:current_syntax')
  finish
endif

syn match transcriptTimestamp /[[(]\%(\d\{1,2}:\)\=\d\{1,2}:\d\d\%([.,]\d\{1,3}\)\=[\])]/
syn match transcriptTimestamp /\%(^\|[^0-9:]\)\zs\d\{1,2}:\d\d:\d\d\%([.,]\d\{1,3}\)\=\ze\%([^0-9:]\|$\)/
syn match transcriptArrow /-->/
syn match transcriptSpeaker /^\s*\%([[(][0-9:.,]\+[\])]\s*\)\=\%(>>\s*\|-\s\+\)\=\%(\*\*\)\=\zs\%(Q\|A\|\u[[:alpha:]'’.-]*\%(\s\+\%(\u[[:alpha:]'’.-]*\|\d\{1,3}\)\)\{0,4}\)\ze\%(\*\*\)\=\%(\s*([0-9:]\+)\)\=\s*:\%(\*\*\)\=\%(\s\|$\)/
syn match transcriptSpeaker /^\s*\zs[QA]\ze\.\s/
syn match transcriptCitation /\[[^][]\{-}-\=@\w[^][]*\]/
syn match transcriptCitation /\[\^[^] \t]\+\]/
syn match transcriptCitation /\[\d\{1,4}\%(\s*[,–-]\s*\d\{1,4}\)*\]/
syn match transcriptHeader /^WEBVTT\>.*/
syn match transcriptStage /\c[[(]\%(inaudible\|unintelligible\|crosstalk\|cross-talk\|laughter\|laughs\|applause\|music\|silence\|pause\|pauses\|indiscernible\|off mic\|sic\)\>[^])]*[])]/

hi def link transcriptSpeaker Identifier
hi def link transcriptTimestamp Number
hi def link transcriptArrow Operator
hi def link transcriptCitation Underlined
hi def link transcriptHeader PreProc
hi def link transcriptStage Comment

let b:current_syntax = 'transcript'
