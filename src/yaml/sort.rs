//! go-yaml v2's mapping key order (`keyList.Less` in sorter.go), for string
//! keys: letters sort after non-letters, runs of digits compare numerically,
//! so `a9` < `a10`.

/// go-yaml v2 `keyList.Less` for two string keys.
pub(crate) fn key_less(a: &str, b: &str) -> bool {
    let mut ia = a.char_indices();
    let mut ib = b.chars();
    loop {
        match (ia.next(), ib.next()) {
            (Some((pos, ca)), Some(cb)) => {
                if ca != cb {
                    return differ_less(a, b, pos, ca, cb);
                }
            }
            (None, Some(_)) => return true,
            _ => return false,
        }
    }
}

/// `keyList.Less` from the first differing character on (`pos` is its byte
/// offset in both strings, which share the bytes before it).
fn differ_less(a: &str, b: &str, pos: usize, ca: char, cb: char) -> bool {
    let al = is_go_letter(ca);
    let bl = is_go_letter(cb);
    if al && bl {
        return ca < cb;
    }
    if al || bl {
        return bl;
    }
    let (mut an, mut bn): (i64, i64) = (0, 0);
    if (ca == '0' || cb == '0')
        && a[..pos]
            .chars()
            .rev()
            .take_while(|&c| is_go_digit(c))
            .any(|c| c != '0')
    {
        an = 1;
        bn = 1;
    }
    let run = |s: &str, mut n: i64| {
        let mut len = 0usize;
        for c in s[pos..].chars().take_while(|&c| is_go_digit(c)) {
            n = n.wrapping_mul(10).wrapping_add(c as i64 - '0' as i64);
            len += 1;
        }
        (n, len)
    };
    let (an, alen) = run(a, an);
    let (bn, blen) = run(b, bn);
    if an != bn {
        return an < bn;
    }
    if alen != blen {
        return alen < blen;
    }
    ca < cb
}

/// Go `unicode.IsLetter`, approximated by Rust's alphabetic class.
fn is_go_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic()
    }
}

/// Go `unicode.IsDigit` (decimal digits, category Nd), approximated.
fn is_go_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        // Nd characters have a numeric value of their own; Rust only offers the
        // wider Numeric class, which is the closest available test.
        c.is_numeric()
    }
}

/// Sort mapping entries by key in go-yaml v2's order.
///
/// `keyList.Less` is not a consistent order for every set of keys (`10` <
/// `1a` < `9` < `10`); for such keys go-yaml's output depends on Go's random
/// map iteration order, and kubectl prints different orders from run to run.
/// Small inputs use an insertion sort (Go's own path for up to 12 elements),
/// larger ones a merge sort: identical to Go whenever the order is consistent,
/// deterministic, and never panicking when it is not.
pub(crate) fn sort_entries<V: Copy>(entries: &mut [(&str, V)]) {
    if entries.len() <= 12 {
        for i in 1..entries.len() {
            let mut j = i;
            while j > 0 && key_less(entries[j].0, entries[j - 1].0) {
                entries.swap(j, j - 1);
                j -= 1;
            }
        }
    } else if !is_sorted(entries) {
        merge_sort(entries);
    }
}

fn is_sorted<V>(entries: &[(&str, V)]) -> bool {
    entries.windows(2).all(|w| !key_less(w[1].0, w[0].0))
}

fn merge_sort<V: Copy>(entries: &mut [(&str, V)]) {
    // Sort a permutation of indices, then apply it.
    let n = entries.len();
    let mut idx: Vec<usize> = (0..n).collect();
    let mut buf: Vec<usize> = vec![0; n];
    let keys: Vec<&str> = entries.iter().map(|e| e.0).collect();
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j, mut k) = (lo, mid, lo);
            while i < mid && j < hi {
                if key_less(keys[idx[j]], keys[idx[i]]) {
                    buf[k] = idx[j];
                    j += 1;
                } else {
                    buf[k] = idx[i];
                    i += 1;
                }
                k += 1;
            }
            while i < mid {
                buf[k] = idx[i];
                i += 1;
                k += 1;
            }
            while j < hi {
                buf[k] = idx[j];
                j += 1;
                k += 1;
            }
            lo = hi;
        }
        std::mem::swap(&mut idx, &mut buf);
        width *= 2;
    }
    let sorted: Vec<(&str, V)> = idx.iter().map(|&i| entries[i]).collect();
    entries.copy_from_slice(&sorted);
}

/// Compare two keys as an [`Ordering`].
#[cfg(test)]
fn key_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    if key_less(a, b) {
        Ordering::Less
    } else if key_less(b, a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut e: Vec<(&str, ())> = keys.iter().map(|k| (*k, ())).collect();
        sort_entries(&mut e);
        e.into_iter().map(|(k, _)| k.to_string()).collect()
    }

    /// Line-by-line transcription of sorter.go on rune vectors.
    fn reference_less(a: &str, b: &str) -> bool {
        let ar: Vec<char> = a.chars().collect();
        let br: Vec<char> = b.chars().collect();
        let mut i = 0;
        while i < ar.len() && i < br.len() {
            if ar[i] == br[i] {
                i += 1;
                continue;
            }
            let al = is_go_letter(ar[i]);
            let bl = is_go_letter(br[i]);
            if al && bl {
                return ar[i] < br[i];
            }
            if al || bl {
                return bl;
            }
            let (mut an, mut bn) = (0i64, 0i64);
            if ar[i] == '0' || br[i] == '0' {
                let mut j = i as isize - 1;
                while j >= 0 && is_go_digit(ar[j as usize]) {
                    if ar[j as usize] != '0' {
                        an = 1;
                        bn = 1;
                        break;
                    }
                    j -= 1;
                }
            }
            let mut ai = i;
            while ai < ar.len() && is_go_digit(ar[ai]) {
                an = an.wrapping_mul(10).wrapping_add(ar[ai] as i64 - '0' as i64);
                ai += 1;
            }
            let mut bi = i;
            while bi < br.len() && is_go_digit(br[bi]) {
                bn = bn.wrapping_mul(10).wrapping_add(br[bi] as i64 - '0' as i64);
                bi += 1;
            }
            if an != bn {
                return an < bn;
            }
            if ai != bi {
                return ai < bi;
            }
            return ar[i] < br[i];
        }
        ar.len() < br.len()
    }

    #[test]
    fn matches_reference_transcription() {
        let alphabet = [
            'a', 'b', 'Z', '0', '1', '9', '-', '_', '.', '\u{e9}', '\u{660}',
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let mut mk = || {
                let n = (next() % 6) as usize;
                (0..n)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect::<String>()
            };
            let (a, b) = (mk(), mk());
            let b = if next() % 2 == 0 {
                format!("{a}{b}")
            } else {
                b
            };
            assert_eq!(key_less(&a, &b), reference_less(&a, &b), "{a:?} {b:?}");
        }
    }

    #[test]
    fn natural_order() {
        assert_eq!(sorted(&["a10", "a9", "a1"]), ["a1", "a9", "a10"]);
        assert_eq!(
            sorted(&["b", "A", "a", "_x", "1"]),
            ["_x", "1", "A", "a", "b"]
        );
        assert_eq!(key_cmp("x", "x"), std::cmp::Ordering::Equal);
    }

    #[test]
    fn merge_sort_matches_insertion_sort() {
        let keys: Vec<String> = (0..40).rev().map(|i| format!("k{}", i * 7 % 40)).collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let big = sorted(&refs);
        let want: Vec<String> = (0..40).map(|i| format!("k{i}")).collect();
        assert_eq!(big, want);
    }
}
