//! The koppeling as a mixed-integer program, solved to proven optimality with HiGHS.
//!
//! Households `h` (size `n_h` persons), gemeenten `g`, fit `s_hg`, binary `x_hg` only for the
//! allowed pairs (the hard filters `vaste_gemeente_code` and `zorgbehoefte`), `u_h` for a household
//! left uncoupled, `t_g >= 0` for a gemeente's shortfall:
//!
//! ```text
//! maximise   sum_hg s_hg x_hg  -  P_t sum_g t_g  -  P_u sum_h u_h
//! subject to sum_g x_hg + u_h = 1                    every household once, or uncoupled
//!            sum_h n_h x_hg <= cap_g                 capacity
//!            t_g >= doel_g - sum_h n_h x_hg          shortfall against the proportional target
//!
//! cap_g  = max(rest_g, 0) + marge                    raised to the fixed households' size if they exceed it
//! doel_g = min(cap_g, N * max(rest_g, 0) / sum_g' max(rest_g', 0))     N = persons in this batch
//! ```
//!
//! Households with a fixed gemeente are always coupled there: they enter as constants (their
//! persons count toward the gemeente's capacity and target). Pairs that can never fit
//! (`n_h > cap_g - fixed persons_g`) get no variable. `u_h` needs no integrality: it is
//! `1 - sum_g x_hg`.
//!
//! The layers, from the bottom; each file uses only those above it in this list:
//!
//! 1. **The problem**: [`probleem`] (the [`Probleem`], the rules of a koppeling and its value,
//!    [`doelwaarde`], so every optimum is checked independently of the solver), [`opties`]
//!    (the solver settings), [`bouw`](mod@bouw) (an instance and its scores as a [`Probleem`], with what
//!    stands in the way said in domain words before solving).
//! 2. **Without a solver**: [`gretig`] (a greedy koppeling and a trivial bound), [`zoek`]
//!    (local search), [`certificaat`] (a bound anyone can recompute from prices),
//!    [`controle`] (checking a finished run), [`basislijn`] (what practice does, for the
//!    report).
//! 3. **The model**: `kolommen` (columns by meaning, the map of rows), `formuleringen` (the
//!    full and the aggregated formulation), `mip` (the built MIP and reading a koppeling back).
//! 4. **The HiGHS driver**: `highs` (settings, one MIP to a checked koppeling, the warm LP).
//! 5. **The strategies**: `geheel` (the whole MIP at once) and [`prijzen`] (pricing: column
//!    generation, neighbourhood MIPs, reduced-cost fixing).
//! 6. **The top**: [`los_op`] ([`oplossen`]) chooses the strategy and the best bound;
//!    [`spreidingsgrens`] solves twice for the spread bound; [`behoud`] (`match --vorige`)
//!    solves a second stage: among the koppelingen as good, the one that keeps the most
//!    households where an earlier run put them.

// 1. the problem
pub mod probleem;

pub mod opties;

pub mod bouw;

pub mod geheugen;

// 2. without a solver
pub mod gretig;

pub mod zoek;

pub mod certificaat;

pub mod controle;

pub mod basislijn;

// 3. the model
mod kolommen;

mod formuleringen;

mod mip;

// 4. the HiGHS driver
mod highs;

// 5. the strategies
mod geheel;

pub mod prijzen;

// 6. the top
pub mod oplossen;

pub mod spreidingsgrens;

pub mod behoud;

#[cfg(test)]
pub(crate) mod testdata;

pub use crate::error::Overtreding;
pub use bouw::{bouw, Bevinding};
pub use highs::LpBasis;
pub use oplossen::{
    los_op, los_op_met_basis, los_op_vanaf, GrensDoor, KoppelingDoor, Oorsprong, Oplossing,
};
pub use opties::{
    gap_in_kracht, is_fractie, is_gap, is_tijdslimiet, Formulering, Opties, GAP_GROOT,
};
pub use probleem::{
    doelwaarde, doelwaarde_binnen_vloer, regio_gemiddelden, regio_vloer, tekort, GemeenteModel,
    HuishoudenModel, Probleem, Status, Waarde,
};
