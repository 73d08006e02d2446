//! Fairness across gemeenten and regions: how the average fit that each receives is spread,
//! so that "the best candidates all go to the best regions" is visible in the report.
//!
//! For every gemeente (and region) that receives at least one household: the mean fit of the
//! households coupled there, fixed ones included. The spread is given as minimum, quartiles and
//! maximum, the quartiles interpolated linearly between order statistics.

use serde::{Deserialize, Serialize};

use crate::model::GemeenteIdx;
use crate::solve::{regio_gemiddelden, Oplossing, Probleem, Status};

/// Minimum, quartiles and maximum of some values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Kwartielen {
    /// How many values.
    pub n: usize,
    pub min: f64,
    pub q1: f64,
    pub mediaan: f64,
    pub q3: f64,
    pub max: f64,
}

impl Kwartielen {
    /// `None` for no values.
    pub fn van(mut waarden: Vec<f64>) -> Option<Self> {
        if waarden.is_empty() {
            return None;
        }
        waarden.sort_by(f64::total_cmp);
        let at = |q: f64| {
            let pos = q * (waarden.len() - 1) as f64;
            let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
            waarden[lo] + (waarden[hi] - waarden[lo]) * (pos - lo as f64)
        };
        Some(Kwartielen {
            n: waarden.len(),
            min: waarden[0],
            q1: at(0.25),
            mediaan: at(0.5),
            q3: at(0.75),
            max: waarden[waarden.len() - 1],
        })
    }
}

/// The spread of the mean fit received per gemeente and per region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spreiding {
    pub per_gemeente: Option<Kwartielen>,
    pub per_regio: Option<Kwartielen>,
}

/// The spread of `toewijzing` (see the module docs).
pub fn spreiding(p: &Probleem, toewijzing: &[Option<GemeenteIdx>]) -> Spreiding {
    let regios = p.regios();
    let mut gemeente = vec![(0.0, 0usize); p.gemeenten.len()];
    let mut regio = vec![(0.0, 0usize); regios];
    for (h, &g) in p.huishouden_indices().zip(toewijzing) {
        let Some(g) = g else { continue };
        let s = p.score(h, g).unwrap_or(0.0);
        for (som, n) in [
            &mut gemeente[g.idx()],
            &mut regio[p.gemeente(g).regio.idx()],
        ] {
            *som += s;
            *n += 1;
        }
    }
    let gemiddelden = |v: Vec<(f64, usize)>| {
        v.into_iter()
            .filter(|&(_, n)| n > 0)
            .map(|(som, n)| som / n as f64)
            .collect::<Vec<f64>>()
    };
    Spreiding {
        per_gemeente: Kwartielen::van(gemiddelden(gemeente)),
        per_regio: Kwartielen::van(gemiddelden(regio)),
    }
}

/// The spread bound (`--spreidingsgrens`): its floor, and the koppeling without and with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spreidingsgrens {
    /// The fraction of the national mean asked for.
    pub fractie: f64,
    /// The national mean fit of the free households without the bound.
    pub landelijk_gemiddelde: f64,
    /// `fractie * landelijk_gemiddelde`: no region's mean below it.
    pub vloer: f64,
    pub zonder: Grenswaarden,
    pub met: Grenswaarden,
    /// Total fit given up for the bound: `zonder.totale_score - met.totale_score`.
    pub kosten: f64,
}

/// One side of the comparison in [`Spreidingsgrens`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Grenswaarden {
    pub totale_score: f64,
    pub doelwaarde: f64,
    pub ongekoppeld: usize,
    /// The lowest mean fit of the free households in a region, over regions receiving any.
    pub laagste_regio: Option<f64>,
    /// Whether the koppeling was proven optimal (within the gap).
    pub optimaal: bool,
}

impl Grenswaarden {
    fn van(p: &Probleem, o: &Oplossing) -> Self {
        Grenswaarden {
            totale_score: o.totale_score,
            doelwaarde: o.doelwaarde,
            ongekoppeld: o.ongekoppeld,
            laagste_regio: regio_gemiddelden(p, &o.toewijzing)
                .into_iter()
                .flatten()
                .min_by(f64::total_cmp),
            optimaal: o.status == Status::Optimaal,
        }
    }
}

impl Spreidingsgrens {
    pub fn new(
        p: &Probleem,
        fractie: f64,
        landelijk_gemiddelde: f64,
        zonder: &Oplossing,
        met: &Oplossing,
    ) -> Self {
        Spreidingsgrens {
            fractie,
            landelijk_gemiddelde,
            vloer: fractie * landelijk_gemiddelde,
            zonder: Grenswaarden::van(p, zonder),
            met: Grenswaarden::van(p, met),
            kosten: zonder.totale_score - met.totale_score,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RegioIdx;
    use crate::solve::{GemeenteModel, HuishoudenModel};

    #[test]
    fn quartiles_interpolate_between_order_statistics() {
        let k = Kwartielen::van(vec![4.0, 1.0, 3.0, 2.0, 5.0]).unwrap();
        assert_eq!(
            (k.n, k.min, k.q1, k.mediaan, k.q3, k.max),
            (5, 1.0, 2.0, 3.0, 4.0, 5.0)
        );
        let k = Kwartielen::van(vec![1.0, 2.0]).unwrap();
        assert_eq!((k.q1, k.mediaan, k.q3), (1.25, 1.5, 1.75));
        assert_eq!(Kwartielen::van(Vec::new()), None);
    }

    #[test]
    fn means_per_gemeente_and_region() {
        let g = |regio| GemeenteModel {
            regio,
            cap: 10,
            doel: 0.0,
        };
        let h = |kandidaten| HuishoudenModel {
            personen: 1,
            vast: false,
            kandidaten,
        };
        let p = Probleem {
            gemeenten: vec![
                g(RegioIdx::new(0)),
                g(RegioIdx::new(0)),
                g(RegioIdx::new(1)),
            ],
            huishoudens: vec![
                h(vec![
                    (GemeenteIdx::new(0), 2.0),
                    (GemeenteIdx::new(1), 2.0),
                    (GemeenteIdx::new(2), 9.0),
                ]),
                h(vec![
                    (GemeenteIdx::new(0), 4.0),
                    (GemeenteIdx::new(1), 4.0),
                    (GemeenteIdx::new(2), 9.0),
                ]),
                h(vec![
                    (GemeenteIdx::new(0), 6.0),
                    (GemeenteIdx::new(1), 6.0),
                    (GemeenteIdx::new(2), 9.0),
                ]),
            ],
            tekort_boete: 0.0,
            ongekoppeld_boete: 100.0,
            regio_vloer: None,
        };
        // gemeente 0: 2 and 4 (mean 3), gemeente 1: 6; region 0: 4, region 1: nobody
        let s = spreiding(
            &p,
            &[
                Some(GemeenteIdx::new(0)),
                Some(GemeenteIdx::new(0)),
                Some(GemeenteIdx::new(1)),
            ],
        );
        let gm = s.per_gemeente.unwrap();
        assert_eq!((gm.n, gm.min, gm.max), (2, 3.0, 6.0));
        let r = s.per_regio.unwrap();
        assert_eq!((r.n, r.min, r.max), (1, 4.0, 4.0));
    }
}
