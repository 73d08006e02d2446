//! The model layer, last part: a MIP of a [`Probleem`] built whole ([`Mip::bouw`]): a
//! formulation's options ([`super::formuleringen`]) with the rows every formulation shares
//! (each household once, capacity, shortfall against the target and its cut, the spread
//! bound), and the way back from column values to a koppeling ([`Mip::lees`]) and from a
//! koppeling to column values (a start for HiGHS, [`Mip::start`]).
//!
//! Reading back the aggregated model: the households that the `y`'s send to a region are
//! handed to its gemeenten by the counts `z`, in input and gemeente order ([`verdeel`]); a
//! household is never placed below its `a_hr`, so the koppeling is worth at least the
//! solution.

use std::collections::BTreeMap;

use good_lp::{Expression, ProblemVariables};

use super::formuleringen::{geaggregeerd, volledig, Aggregaat, Houd};
use super::kolommen::{Geheel, Kaart, Kolommen, Kolomsoort, Sleutel, Waarden};
use super::probleem::Probleem;
use crate::model::GemeenteIdx;

/// Hands the households sent to a region (in input order) to its gemeenten by the counts `z`,
/// in gemeente order. With a `voorkeur` (a gemeente per household, see
/// [`Mip::lees_met_voorkeur`]), each household whose gemeente has a place left gets it first.
fn verdeel(
    huishoudens: &[usize],
    aantallen: &[(GemeenteIdx, usize)],
    voorkeur: Option<&[Option<GemeenteIdx>]>,
) -> Vec<(usize, GemeenteIdx)> {
    let mut over: Vec<(GemeenteIdx, usize)> = aantallen.to_vec();
    let mut uit = Vec::new();
    let mut rest = Vec::new();
    for &h in huishoudens {
        let plek = voorkeur
            .and_then(|v| v[h])
            .and_then(|g| over.iter_mut().find(|(o, n)| *o == g && *n > 0));
        match plek {
            Some((g, n)) => {
                *n -= 1;
                uit.push((h, *g));
            }
            None => rest.push(h),
        }
    }
    let plekken = over.iter().flat_map(|&(g, n)| std::iter::repeat_n(g, n));
    uit.extend(rest.into_iter().zip(plekken));
    uit.sort_unstable();
    uit
}

/// A built model: its columns, objective and rows, what to add to its objective, and where
/// everything lives.
pub(super) struct Mip {
    /// What HiGHS gets; taken when solved.
    pub(super) lp: Option<Lp>,
    pub(super) kolommen: usize,
    /// Integer columns: without them HiGHS solves an LP and has no MIP bound.
    pub(super) gehele: usize,
    /// A neighbourhood: its MIP is there to find a koppeling, not to prove a bound, so HiGHS
    /// spends more of its effort on heuristics.
    pub(super) buurt: bool,
    /// Stop at the first koppeling worth this much (constant included): good enough to close
    /// the gap, so the rest of a neighbourhood's search is not needed.
    pub(super) doel: Option<f64>,
    /// Solve without HiGHS's presolve (see [`super::highs::los_mip`]).
    pub(super) zonder_presolve: bool,
    pub(super) rijen: usize,
    pub(super) constante: f64,
    pub(super) kaart: Kaart,
    /// Columns that the formulation keeps continuous although a koppeling needs them whole
    /// (the aggregated `y`); a solution with one of them fractional is re-solved with its
    /// integer columns fixed.
    pub(super) heel_nodig: Vec<usize>,
}

/// The part of a model that HiGHS consumes.
pub(super) struct Lp {
    pub(super) vars: ProblemVariables,
    pub(super) objective: Expression,
    pub(super) constraints: Vec<good_lp::Constraint>,
}

/// Which formulation to build, with the `y` options to keep in the aggregated one.
#[derive(Clone, Copy)]
pub(super) enum Bouw<'a> {
    Volledig,
    /// With the `y` options that [`Houd`] keeps; `y` binary (`true`) or continuous.
    Geaggregeerd(&'a Aggregaat, Houd<'a>, bool),
}

impl Mip {
    /// Builds the model of `p`.
    pub(super) fn bouw(p: &Probleem, bouw: Bouw, geheel: Geheel<'_>) -> Mip {
        let buurt = matches!(geheel, Geheel::Buurt(_));
        let ruimte = p.ruimte();
        let vast = p.vaste_personen();
        let mut k = Kolommen {
            vars: ProblemVariables::new(),
            n: 0,
            gehele: 0,
            geheel,
        };
        let mut keuzes = match bouw {
            Bouw::Volledig => volledig(p, &ruimte, &mut k),
            Bouw::Geaggregeerd(agg, houd, y_binair) => {
                geaggregeerd(p, &ruimte, &mut k, agg, houd, y_binair)
            }
        };
        let mut kaart = std::mem::take(&mut keuzes.kaart);

        // Constants: fixed households' fit, households that can go nowhere, fixed shortfalls.
        let mut constante = 0.0;
        let mut constraints = Vec::new();
        for (key, c) in std::mem::take(&mut keuzes.extra) {
            kaart.rij_groep.insert(key, constraints.len());
            constraints.push(c);
        }
        for (h, (hm, opts)) in p.huishoudens.iter().zip(&keuzes.opties).enumerate() {
            if hm.vast {
                constante += hm.kandidaten[0].1;
            } else if opts.is_empty() {
                constante -= p.ongekoppeld_boete;
            } else {
                // every household once: sum of its options + u_h = 1
                let (u, col) = k.add(Kolomsoort::Continu { min: 0.0, max: 1.0 });
                kaart.u[h] = Some(col);
                keuzes.objective.add_mul(-p.ongekoppeld_boete, u);
                let mut e: Expression = opts.iter().copied().map(Expression::from).sum();
                e.add_mul(1.0, u);
                kaart.rij_huishouden[h] = Some(constraints.len());
                constraints.push(e.eq(1.0));
            }
        }
        for (g, gm) in p.gemeenten.iter().enumerate() {
            // capacity, where the options could exceed it
            if keuzes.max_instroom[g] > ruimte[g] {
                kaart.rij_gemeente[g][0] = Some(constraints.len());
                constraints.push(keuzes.instroom[g].clone().leq(ruimte[g] as f64));
            }
            // shortfall against the target, where one is possible
            let tekort = gm.doel - vast[g] as f64;
            if tekort > 0.0 {
                // t_g <= tekort holds at every whole load, so the bound cuts nothing off
                let (t, col) = k.add(Kolomsoort::Continu {
                    min: 0.0,
                    max: tekort,
                });
                kaart.t[g] = Some((col, tekort));
                keuzes.objective.add_mul(-p.tekort_boete, t);
                kaart.rij_gemeente[g][1] = Some(constraints.len());
                constraints.push((keuzes.instroom[g].clone() + t).geq(tekort));
                // The persons coupled are whole, so below ceil(tekort) the shortfall is at
                // least f * (ceil(tekort) - instroom), f the fractional part: the convex hull
                // of max(0, tekort - l) over integer l.
                let f = tekort - tekort.floor();
                if f > 1e-9 {
                    kaart.rij_gemeente[g][2] = Some(constraints.len());
                    constraints.push((keuzes.instroom[g].clone() * f + t).geq(f * tekort.ceil()));
                }
            }
        }
        // the spread bound: one row per region (rows the same in every restricted model, so
        // priced-in options find theirs)
        if keuzes.vloer.is_some() {
            for (r, e) in std::mem::take(&mut keuzes.per_regio)
                .into_iter()
                .enumerate()
            {
                kaart.rij_regio[r] = Some(constraints.len());
                constraints.push(e.geq(0.0));
            }
        }
        Mip {
            kolommen: k.n,
            gehele: k.gehele,
            buurt,
            doel: None,
            zonder_presolve: false,
            rijen: constraints.len(),
            lp: Some(Lp {
                vars: k.vars,
                objective: keuzes.objective,
                constraints,
            }),
            constante,
            kaart,
            heel_nodig: keuzes.heel_nodig,
        }
    }

    pub(super) fn kolommen(&self) -> usize {
        self.kolommen
    }

    pub(super) fn rijen(&self) -> usize {
        self.rijen
    }

    /// The values of the integer columns in `kolom`, by what they mean.
    pub(super) fn waarden(&self, kolom: &[f64]) -> Waarden {
        let x = self
            .kaart
            .x
            .iter()
            .enumerate()
            .flat_map(|(h, xs)| xs.iter().map(move |&(g, c)| (Sleutel::X(h, g), kolom[c])));
        let z = self
            .kaart
            .z
            .iter()
            .map(|(&(r, n, g), &c)| (Sleutel::Z(r, n, g), kolom[c]));
        x.chain(z).collect()
    }

    /// The free households' gemeenten from column values (`None` for the fixed ones).
    pub(super) fn lees(&self, p: &Probleem, kolom: &[f64]) -> Vec<Option<GemeenteIdx>> {
        self.lees_met_voorkeur(p, kolom, None)
    }

    /// [`Mip::lees`], handing the households that the `y`'s send to a region to the gemeenten
    /// of `voorkeur` where the counts `z` leave a place (see [`verdeel`]): the most households
    /// there that the column values allow.
    pub(super) fn lees_met_voorkeur(
        &self,
        p: &Probleem,
        kolom: &[f64],
        voorkeur: Option<&[Option<GemeenteIdx>]>,
    ) -> Vec<Option<GemeenteIdx>> {
        let kaart = &self.kaart;
        let mut uit: Vec<Option<GemeenteIdx>> = kaart
            .x
            .iter()
            .map(|xs| xs.iter().find(|&&(_, c)| kolom[c] > 0.5).map(|&(g, _)| g))
            .collect();
        let mut groepen: BTreeMap<(usize, u32), Vec<usize>> = BTreeMap::new();
        for (h, ys) in kaart.y.iter().enumerate() {
            for &(r, _) in ys.iter().filter(|&&(_, c)| kolom[c] > 0.5) {
                groepen
                    .entry((r, p.huishoudens[h].personen))
                    .or_default()
                    .push(h);
            }
        }
        let mut plekken: BTreeMap<(usize, u32), Vec<(GemeenteIdx, usize)>> = BTreeMap::new();
        for (&(r, n, g), &c) in &kaart.z {
            plekken
                .entry((r, n))
                .or_default()
                .push((g, kolom[c].round().max(0.0) as usize));
        }
        for (key, hs) in groepen {
            for (h, g) in verdeel(&hs, plekken.get(&key).map_or(&[][..], |v| v), voorkeur) {
                uit[h] = Some(g);
            }
        }
        uit
    }

    /// How household `h` reaches gemeente `g` in this model: its `x_hg` column, or its `y`
    /// column of the region (with the count `z` that takes it in); `None` if neither exists.
    fn plaats(&self, p: &Probleem, h: usize, g: GemeenteIdx) -> Option<Plaats> {
        let kaart = &self.kaart;
        if let Some(&(_, c)) = kaart.x[h].iter().find(|&&(x, _)| x == g) {
            return Some(Plaats::X(c));
        }
        let r = p.gemeente(g).regio.idx();
        let z = *kaart.z.get(&(r, p.huishoudens[h].personen, g))?;
        let y = kaart.y[h].iter().find(|&&(y, _)| y == r).map(|&(_, c)| c);
        Some(Plaats::Y {
            y,
            z,
            sleutel: Sleutel::Z(r, p.huishoudens[h].personen, g),
        })
    }

    /// Column values of a koppeling, as a start for HiGHS; `None` if the koppeling uses an
    /// option this model does not have.
    pub(super) fn start(
        &self,
        p: &Probleem,
        toewijzing: &[Option<GemeenteIdx>],
    ) -> Option<Vec<f64>> {
        let kaart = &self.kaart;
        let mut v = vec![0.0; self.kolommen];
        let mut last = vec![0i64; p.gemeenten.len()];
        for (h, (hm, &g)) in p.huishoudens.iter().zip(toewijzing).enumerate() {
            if hm.vast {
                continue;
            }
            let Some(g) = g else {
                if let Some(u) = kaart.u[h] {
                    v[u] = 1.0;
                }
                continue;
            };
            match self.plaats(p, h, g)? {
                Plaats::X(c) => v[c] = 1.0,
                Plaats::Y { y, z, .. } => {
                    v[y?] = 1.0;
                    v[z] += 1.0;
                }
            }
            last[g.idx()] += i64::from(hm.personen);
        }
        for (&t, l) in kaart.t.iter().zip(last) {
            if let Some((c, tekort)) = t {
                v[c] = (tekort - l as f64).max(0.0);
            }
        }
        Some(v)
    }

    /// The integer columns' values of a koppeling, by what they mean (whatever `y` options
    /// this model has); `None` if it uses an option this model cannot express.
    pub(super) fn waarden_van(
        &self,
        p: &Probleem,
        toewijzing: &[Option<GemeenteIdx>],
    ) -> Option<Waarden> {
        let mut w = Waarden::new();
        for (h, g) in toewijzing
            .iter()
            .enumerate()
            .filter(|(h, _)| !p.huishoudens[*h].vast)
        {
            let Some(g) = *g else { continue };
            match self.plaats(p, h, g)? {
                Plaats::X(_) => {
                    w.insert(Sleutel::X(h, g), 1.0);
                }
                Plaats::Y { sleutel, .. } => *w.entry(sleutel).or_default() += 1.0,
            }
        }
        Some(w)
    }
}

/// How a household reaches a gemeente in a model (see [`Mip::plaats`]).
enum Plaats {
    X(usize),
    Y {
        y: Option<usize>,
        z: usize,
        sleutel: Sleutel,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdeel_follows_counts_in_order() {
        let aantallen = [
            (GemeenteIdx::new(2), 0),
            (GemeenteIdx::new(5), 2),
            (GemeenteIdx::new(6), 1),
        ];
        // a preference for a gemeente with a place left comes first
        let mut voorkeur = vec![None; 10];
        voorkeur[4] = Some(GemeenteIdx::new(6));
        voorkeur[7] = Some(GemeenteIdx::new(2));
        assert_eq!(
            verdeel(&[4, 7, 9], &aantallen, Some(&voorkeur)),
            vec![
                (4, GemeenteIdx::new(6)),
                (7, GemeenteIdx::new(5)),
                (9, GemeenteIdx::new(5))
            ]
        );
        assert_eq!(
            verdeel(&[4, 7, 9], &aantallen, None),
            vec![
                (4, GemeenteIdx::new(5)),
                (7, GemeenteIdx::new(5)),
                (9, GemeenteIdx::new(6))
            ]
        );
    }
}
