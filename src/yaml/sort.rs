//! go-yaml v2's mapping key order (`keyList.Less` in sorter.go), for string
//! keys: letters sort after non-letters, runs of digits compare numerically,
//! so `a9` < `a10`.

/// go-yaml v2 `keyList.Less` for two string keys.
pub(crate) fn key_less(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        less_impl(
            a.as_bytes(),
            b.as_bytes(),
            |c| c.is_ascii_alphabetic(),
            |c| c.is_ascii_digit(),
        )
    } else {
        let ar: Vec<char> = a.chars().collect();
        let br: Vec<char> = b.chars().collect();
        less_impl(&ar, &br, |c| c.is_alphabetic(), is_go_digit)
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

trait Rune: Copy + PartialEq + PartialOrd {
    fn code(self) -> i64;
}
impl Rune for u8 {
    fn code(self) -> i64 {
        self as i64
    }
}
impl Rune for char {
    fn code(self) -> i64 {
        self as i64
    }
}

fn less_impl<T: Rune>(
    ar: &[T],
    br: &[T],
    is_letter: impl Fn(T) -> bool,
    is_digit: impl Fn(T) -> bool,
) -> bool {
    let n = ar.len().min(br.len());
    for i in 0..n {
        let (ca, cb) = (ar[i], br[i]);
        if ca == cb {
            continue;
        }
        let al = is_letter(ca);
        let bl = is_letter(cb);
        if al && bl {
            return ca < cb;
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ca.code() == '0' as i64 || cb.code() == '0' as i64 {
            let mut j = i;
            while j > 0 && is_digit(ar[j - 1]) {
                j -= 1;
                if ar[j].code() != '0' as i64 {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && is_digit(ar[ai]) {
            an = an.wrapping_mul(10).wrapping_add(ar[ai].code() - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && is_digit(br[bi]) {
            bn = bn.wrapping_mul(10).wrapping_add(br[bi].code() - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ca < cb;
    }
    ar.len() < br.len()
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
