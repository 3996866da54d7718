//! Sixteen bytes read at once: which of them are ASCII whitespace, or one of
//! a few given bytes, as the bits of a mask.
//!
//! Every turn's words are counted and every line's end is found, and most
//! turns and lines are short: a library search (`memchr`) pays a setup on
//! each call that a short line never earns back, while one 16-byte compare
//! answers for most lines outright. SSE2 is part of every x86_64 target, so
//! no detection is needed there; elsewhere the same masks are built byte by
//! byte.

/// Bytes one mask covers.
pub(super) const BLOCK: usize = 16;

/// Bit `i` set where `block[i]` is ASCII whitespace as
/// `u8::is_ascii_whitespace` has it (space, tab, line feed, form feed,
/// carriage return), for the first `BLOCK` bytes of `block`.
///
/// # Panics
///
/// When `block` is shorter than `BLOCK`.
pub(super) fn spaces(block: &[u8]) -> u32 {
    let block: &[u8; BLOCK] = block[..BLOCK].try_into().expect("a full block");
    imp::spaces(block)
}

/// Bit `i` set where `block[i]` is one of `set`, for the first `BLOCK` bytes
/// of `block`.
///
/// # Panics
///
/// When `block` is shorter than `BLOCK`.
pub(super) fn any_of<const N: usize>(block: &[u8], set: [u8; N]) -> u32 {
    let block: &[u8; BLOCK] = block[..BLOCK].try_into().expect("a full block");
    imp::any_of(block, set)
}

#[cfg(target_arch = "x86_64")]
mod imp {
    use std::arch::x86_64::{
        __m128i, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_setzero_si128, _mm_sub_epi8,
    };

    use super::BLOCK;

    fn load(block: &[u8; BLOCK]) -> __m128i {
        // SAFETY: SSE2 is part of every x86_64 target, and the load reads
        // exactly the 16 bytes of the array (unaligned loads are allowed).
        unsafe { _mm_loadu_si128(block.as_ptr().cast::<__m128i>()) }
    }

    pub(super) fn spaces(block: &[u8; BLOCK]) -> u32 {
        let v = load(block);
        // SAFETY: SSE2 is part of every x86_64 target; these only compute
        // on registers.
        unsafe {
            let blank = _mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8));
            // Tab to carriage return are 9..=13: `b - 9 <= 4`, unsigned...
            let shifted = _mm_sub_epi8(v, _mm_set1_epi8(b'\t' as i8));
            let control = _mm_cmpeq_epi8(_mm_min_epu8(shifted, _mm_set1_epi8(4)), shifted);
            // ...but the vertical tab (11) is not whitespace.
            let vertical = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x0b));
            let all = _mm_andnot_si128(vertical, _mm_or_si128(blank, control));
            _mm_movemask_epi8(all) as u32
        }
    }

    pub(super) fn any_of<const N: usize>(block: &[u8; BLOCK], set: [u8; N]) -> u32 {
        let v = load(block);
        // SAFETY: as above, register arithmetic only.
        unsafe {
            let mut hits = _mm_setzero_si128();
            for b in set {
                hits = _mm_or_si128(hits, _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8)));
            }
            _mm_movemask_epi8(hits) as u32
        }
    }
}

#[cfg(not(target_arch = "x86_64"))]
mod imp {
    use super::BLOCK;

    fn mask(block: &[u8; BLOCK], hit: impl Fn(u8) -> bool) -> u32 {
        block
            .iter()
            .enumerate()
            .fold(0, |m, (i, &b)| m | (u32::from(hit(b)) << i))
    }

    pub(super) fn spaces(block: &[u8; BLOCK]) -> u32 {
        mask(block, |b| b.is_ascii_whitespace())
    }

    pub(super) fn any_of<const N: usize>(block: &[u8; BLOCK], set: [u8; N]) -> u32 {
        mask(block, |b| set.contains(&b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn masks_agree_with_a_byte_by_byte_reading(block in proptest::collection::vec(proptest::num::u8::ANY, BLOCK)) {
            let bit = |hit: &dyn Fn(u8) -> bool| {
                block.iter().enumerate().fold(0u32, |m, (i, &b)| m | (u32::from(hit(b)) << i))
            };
            proptest::prop_assert_eq!(spaces(&block), bit(&|b| b.is_ascii_whitespace()));
            proptest::prop_assert_eq!(any_of(&block, [b'\n', b'\r']), bit(&|b| b == b'\n' || b == b'\r'));
            proptest::prop_assert_eq!(any_of(&block, [0x80, b'(', b'[']), bit(&|b| matches!(b, 0x80 | b'(' | b'[')));
        }
    }
}
