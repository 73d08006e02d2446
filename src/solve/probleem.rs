//! The lowest layer: the optimisation problem ([`Probleem`]), the rules a koppeling of it must
//! keep and what it is worth ([`doelwaarde`], [`regio_vloer`]). Every layer above works on
//! these, and checks what it makes with them, so no answer depends on trusting the solver.

use serde::{Deserialize, Serialize};

use crate::error::Overtreding;
use crate::model::{GemeenteIdx, HuishoudenIdx, RegioIdx};

/// A gemeente in the model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GemeenteModel {
    /// Index of the gemeente's arbeidsmarktregio (the aggregated formulation groups by it).
    #[serde(skip)]
    pub regio: RegioIdx,
    /// Capacity in persons.
    pub cap: i64,
    /// Proportional target in persons.
    pub doel: f64,
}

impl GemeenteModel {
    /// Persons short of the target with `personen` persons coupled here ([`tekort`]).
    pub fn tekort(&self, personen: i64) -> f64 {
        tekort(self.doel, personen)
    }
}

/// Persons short of the target `doel` with `personen` persons coupled: `max(doel - personen,
/// 0)`. The one definition of a gemeente's shortfall: the objective, local search, the reasons
/// why not, and the `tekort` column of `taakstelling.csv` all use it.
pub fn tekort(doel: f64, personen: i64) -> f64 {
    (doel - personen as f64).max(0.0)
}

/// A household in the model.
#[derive(Debug, Clone, PartialEq)]
pub struct HuishoudenModel {
    pub personen: u32,
    /// Coupled to its only candidate, always.
    pub vast: bool,
    /// The allowed gemeenten with the household's fit there, in gemeente order.
    pub kandidaten: Vec<(GemeenteIdx, f64)>,
}

/// The optimisation problem, independent of how the scores were made.
#[derive(Debug, Clone, PartialEq)]
pub struct Probleem {
    pub gemeenten: Vec<GemeenteModel>,
    pub huishoudens: Vec<HuishoudenModel>,
    /// `P_t`, per person of shortfall.
    pub tekort_boete: f64,
    /// `P_u`, per uncoupled household.
    pub ongekoppeld_boete: f64,
    /// The spread bound, if asked: every region's mean fit over the free households coupled
    /// there at least this (see [`regio_vloer`]).
    pub regio_vloer: Option<f64>,
}

impl Probleem {
    pub fn gemeente(&self, g: GemeenteIdx) -> &GemeenteModel {
        &self.gemeenten[g.idx()]
    }

    pub fn huishouden(&self, h: HuishoudenIdx) -> &HuishoudenModel {
        &self.huishoudens[h.idx()]
    }

    /// Every household's index, in order.
    pub fn huishouden_indices(&self) -> impl DoubleEndedIterator<Item = HuishoudenIdx> + Clone {
        HuishoudenIdx::alle(self.huishoudens.len())
    }

    /// Every gemeente's index, in order.
    pub fn gemeente_indices(&self) -> impl DoubleEndedIterator<Item = GemeenteIdx> + Clone {
        GemeenteIdx::alle(self.gemeenten.len())
    }

    /// Persons of fixed households per gemeente.
    pub fn vaste_personen(&self) -> Vec<i64> {
        let mut vast = vec![0i64; self.gemeenten.len()];
        for h in self.huishoudens.iter().filter(|h| h.vast) {
            vast[h.kandidaten[0].0.idx()] += i64::from(h.personen);
        }
        vast
    }

    /// Room per gemeente for the free households: capacity minus the persons of the fixed ones.
    pub fn ruimte(&self) -> Vec<i64> {
        self.gemeenten
            .iter()
            .zip(self.vaste_personen())
            .map(|(g, v)| g.cap - v)
            .collect()
    }

    /// Whether gemeente `g` could ever hold household `h`: it is allowed (the filters and the
    /// fixed gemeente), and for a free household the room left beside the fixed ones
    /// ([`Probleem::ruimte`]) is at least its size. Only such gemeenten have a variable in the
    /// model, and only they count as a household's options in its reason and its best option.
    pub fn kan_houden(&self, h: HuishoudenIdx, g: GemeenteIdx, ruimte: &[i64]) -> bool {
        let hm = &self.huishoudens[h.idx()];
        self.score(h, g).is_some() && (hm.vast || i64::from(hm.personen) <= ruimte[g.idx()])
    }

    /// The options of household `h` that could ever hold it ([`Probleem::kan_houden`]), with
    /// their fit.
    pub fn mogelijk<'a>(
        &'a self,
        h: HuishoudenIdx,
        ruimte: &'a [i64],
    ) -> impl Iterator<Item = (GemeenteIdx, f64)> + 'a {
        let hm = &self.huishoudens[h.idx()];
        hm.kandidaten
            .iter()
            .copied()
            .filter(move |&(g, _)| hm.vast || i64::from(hm.personen) <= ruimte[g.idx()])
    }

    /// Number of regions (one more than the largest region index).
    pub fn regios(&self) -> usize {
        self.gemeenten
            .iter()
            .map(|g| g.regio.idx() + 1)
            .max()
            .unwrap_or(0)
    }

    /// The fit of household `h` in gemeente `g`, if allowed.
    pub fn score(&self, h: HuishoudenIdx, g: GemeenteIdx) -> Option<f64> {
        let k = &self.huishoudens[h.idx()].kandidaten;
        k.binary_search_by_key(&g, |&(c, _)| c).ok().map(|i| k[i].1)
    }

    /// The same problem with household `h` fixed in gemeente `g`, the way households with a
    /// `vaste_gemeente_code` are; capacities stay as they are. `None` if `g` is not allowed for
    /// `h`, or the fixed households there leave no room for it.
    pub fn vastgezet(&self, h: HuishoudenIdx, g: GemeenteIdx) -> Option<Probleem> {
        let s = self.score(h, g)?;
        let hm = &self.huishoudens[h.idx()];
        if hm.vast {
            // already fixed there: its only candidate
            return Some(self.clone());
        }
        if !self.kan_houden(h, g, &self.ruimte()) {
            return None;
        }
        let mut p = self.clone();
        p.huishoudens[h.idx()] = HuishoudenModel {
            personen: hm.personen,
            vast: true,
            kandidaten: vec![(g, s)],
        };
        Some(p)
    }
}

/// Why a solve ended: proven, or the true reason it was not. Every status but `Optimaal` comes
/// with a koppeling that keeps every rule and a valid bound; the gap says how far from proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Proven optimal within the allowed gap ([`super::opties::bewezen`]).
    Optimaal,
    /// Not proven: the time limit was reached (or too little of it was left to start the next
    /// step).
    Tijdslimiet,
    /// Not proven: pricing needed a MIP with more options than its cap
    /// ([`super::Opties::mip_opties`], a bound on memory), before the time limit.
    Omvanglimiet,
    /// Not proven: HiGHS stopped before the time limit and the allowed gap for a reason of its
    /// own (an iteration or solution limit, an interrupt, or its own measure of the gap).
    Gestopt,
}

/// Value of an assignment: fit, shortfall and uncoupled households.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Waarde {
    pub doelwaarde: f64,
    pub totale_score: f64,
    pub tekort_personen: f64,
    pub ongekoppeld: usize,
}

/// A koppeling with its value, checked by [`doelwaarde`].
pub type Gekozen = (Vec<Option<GemeenteIdx>>, Waarde);

/// Evaluates `toewijzing` against `p`. `Err` names the first violated rule (a pair that is not
/// allowed, a fixed household moved, or a capacity exceeded).
pub fn doelwaarde(p: &Probleem, toewijzing: &[Option<GemeenteIdx>]) -> Result<Waarde, Overtreding> {
    let mut last = vec![0i64; p.gemeenten.len()];
    let mut totale_score = 0.0;
    let mut ongekoppeld = 0;
    for (h, (hm, &g)) in p
        .huishouden_indices()
        .zip(p.huishoudens.iter().zip(toewijzing))
    {
        match g {
            Some(g) => {
                let s = p.score(h, g).ok_or(Overtreding::NietToegestaan { h, g })?;
                totale_score += s;
                last[g.idx()] += i64::from(hm.personen);
            }
            None if hm.vast => return Err(Overtreding::VastOngekoppeld { h }),
            None => ongekoppeld += 1,
        }
    }
    let mut tekort = 0.0;
    for (g, (gm, &l)) in p.gemeente_indices().zip(p.gemeenten.iter().zip(&last)) {
        if l > gm.cap {
            return Err(Overtreding::Capaciteit {
                g,
                personen: l,
                cap: gm.cap,
            });
        }
        tekort += gm.tekort(l);
    }
    Ok(Waarde {
        doelwaarde: totale_score
            - p.tekort_boete * tekort
            - p.ongekoppeld_boete * ongekoppeld as f64,
        totale_score,
        tekort_personen: tekort,
        ongekoppeld,
    })
}

/// [`doelwaarde`], and `Err` as well when `toewijzing` breaks the spread bound
/// ([`regio_vloer`]): the value of a koppeling that keeps every rule of `p`.
pub fn doelwaarde_binnen_vloer(
    p: &Probleem,
    toewijzing: &[Option<GemeenteIdx>],
) -> Result<Waarde, Overtreding> {
    let waarde = doelwaarde(p, toewijzing)?;
    regio_vloer(p, toewijzing)?;
    Ok(waarde)
}

/// Per region, the mean fit of the free households coupled there (`None` where none are):
/// what the spread bound limits. Fixed households are left out: they were never a choice.
pub fn regio_gemiddelden(p: &Probleem, toewijzing: &[Option<GemeenteIdx>]) -> Vec<Option<f64>> {
    let mut som = vec![(0.0, 0usize); p.regios()];
    for (h, (hm, &g)) in p
        .huishouden_indices()
        .zip(p.huishoudens.iter().zip(toewijzing))
    {
        if let (Some(g), false) = (g, hm.vast) {
            let r = &mut som[(p.gemeente(g).regio).idx()];
            r.0 += p.score(h, g).unwrap_or(0.0);
            r.1 += 1;
        }
    }
    som.into_iter()
        .map(|(s, n)| (n > 0).then(|| s / n as f64))
        .collect()
}

/// The spread bound of `p`, if it has one: in every region, the free households coupled there
/// have a mean fit of at least `p.regio_vloer` ([`regio_gemiddelden`]); as a row of the model
/// `sum (s_hg - vloer) x_hg >= 0` over them, which a region receiving none meets, so the bound
/// can always be met. `Err` names the first region below the floor, with its mean.
pub fn regio_vloer(p: &Probleem, toewijzing: &[Option<GemeenteIdx>]) -> Result<(), Overtreding> {
    let Some(vloer) = p.regio_vloer else {
        return Ok(());
    };
    for (regio, m) in RegioIdx::alle(p.regios()).zip(regio_gemiddelden(p, toewijzing)) {
        if let Some(gemiddelde) = m.filter(|&m| m < vloer - 1e-6) {
            return Err(Overtreding::OnderVloer {
                regio,
                gemiddelde,
                vloer,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::testdata;
    use crate::solve::testdata::toewijzing;

    fn probleem() -> Probleem {
        let vast = HuishoudenModel {
            vast: true,
            ..testdata::huishouden(1, vec![(1, 1.0)])
        };
        testdata::probleem(
            vec![testdata::gemeente(3, 2.5), testdata::gemeente(2, 1.0)],
            vec![testdata::huishouden(2, vec![(0, 5.0), (1, 4.0)]), vast],
        )
    }

    #[test]
    fn objective_counts_fit_shortfall_and_uncoupled() {
        let p = probleem();
        let w = doelwaarde(&p, &toewijzing([Some(0), Some(1)])).unwrap();
        assert_eq!(w.totale_score, 6.0);
        assert_eq!(w.tekort_personen, 0.5);
        assert_eq!(w.doelwaarde, 5.5);
        let w = doelwaarde(&p, &toewijzing([None, Some(1)])).unwrap();
        assert_eq!((w.ongekoppeld, w.tekort_personen), (1, 2.5));
        assert_eq!(w.doelwaarde, 1.0 - 2.5 - 100.0);
    }

    #[test]
    fn violations_are_named() {
        let p = probleem();
        assert_eq!(
            doelwaarde(&p, &toewijzing([Some(0), None])).unwrap_err(),
            Overtreding::VastOngekoppeld {
                h: HuishoudenIdx::new(1)
            }
        );
        assert_eq!(
            doelwaarde(&p, &toewijzing([Some(0), Some(0)])).unwrap_err(),
            Overtreding::NietToegestaan {
                h: HuishoudenIdx::new(1),
                g: GemeenteIdx::new(0)
            }
        );
        let mut q = p.clone();
        q.gemeenten[1].cap = 2;
        assert_eq!(
            doelwaarde(&q, &toewijzing([Some(1), Some(1)])).unwrap_err(),
            Overtreding::Capaciteit {
                g: GemeenteIdx::new(1),
                personen: 3,
                cap: 2
            }
        );
    }
}
