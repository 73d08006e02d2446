//! Index newtypes, so a gemeente index is never taken for a region's or a household's.
//!
//! Each wraps a `u32` (compact in the solver's tables) and converts to `usize` with
//! [`GemeenteIdx::idx`] where it indexes a plain `Vec`. Where one is serialized it is written
//! as the bare number (`#[serde(transparent)]`).

use std::fmt;

macro_rules! index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(u32);

        impl $name {
            /// Wraps position `i`; panics if it does not fit in `u32` (no input is that large).
            #[inline]
            pub fn new(i: usize) -> Self {
                $name(u32::try_from(i).expect(concat!(stringify!($name), " over u32::MAX")))
            }

            /// The position, for indexing a `Vec`.
            #[inline]
            pub fn idx(self) -> usize {
                self.0 as usize
            }

            /// Every index below `n`, in order.
            pub fn alle(n: usize) -> impl DoubleEndedIterator<Item = Self> + ExactSizeIterator + Clone {
                (0..n).map(Self::new)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

index!(
    /// Index of a gemeente in [`super::Instance::gemeenten`] (and in the solver's tables).
    GemeenteIdx
);
index!(
    /// Index of an arbeidsmarktregio in [`super::Instance::regios`].
    RegioIdx
);
index!(
    /// Index of a household in [`super::Instance::huishoudens`] (and in the solver's tables).
    HuishoudenIdx
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_serde() {
        let g = GemeenteIdx::new(7);
        assert_eq!(g.idx(), 7);
        assert_eq!(g.to_string(), "7");
        assert_eq!(serde_json::to_string(&Some(g)).unwrap(), "7");
        assert_eq!(serde_json::from_str::<GemeenteIdx>("7").unwrap(), g);
        assert!(HuishoudenIdx::new(1) < HuishoudenIdx::new(2));
        let alle: Vec<usize> = RegioIdx::alle(3).map(RegioIdx::idx).collect();
        assert_eq!(alle, vec![0, 1, 2]);
    }
}
