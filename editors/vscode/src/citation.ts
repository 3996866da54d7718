/**
 * What *Cite figure…* accepts: a web address, a DOI, or a citation key
 * (`@smith2020` or `smith2020`, as in Pandoc). The input box checks it before
 * the server is asked, so a typo is caught while the box is still open.
 */

const URL_RE = /^https?:\/\/\S+$/i;
const DOI_RE = /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?10\.\d{4,9}\/\S+$/i;
const KEY_RE = /^@?[\p{L}\p{N}_][\p{L}\p{N}_:.#$%&+?<>~/-]*$/u;

/** Undefined when `input` is a usable source, else why it is not. */
export function validateSource(input: string): string | undefined {
  const s = input.trim();
  if (s === "") {
    return "Enter a URL (https://…), a DOI (10.…) or a citation key (@key).";
  }
  if (URL_RE.test(s) || DOI_RE.test(s) || KEY_RE.test(s)) {
    return undefined;
  }
  if (/\s/.test(s)) {
    return "A source is one URL, DOI or citation key, without spaces.";
  }
  return "Not a URL, a DOI or a citation key.";
}
