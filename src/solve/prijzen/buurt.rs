//! Step 2 of pricing: koppelingen near the LP optimum. Each is a small MIP: the `y` options at
//! almost zero reduced cost, the integer columns bounded around the LP's values ([`buurt`]);
//! first around the LP solution alone, then where the LP and the best koppeling so far differ
//! (RINS). Each koppeling found is polished by local search ([`zoek::gepolijst`]), which often
//! closes the gap alone.

use std::collections::BTreeSet;

use super::kolomgeneratie::LpGrens;
use super::omgeving::{Beste, Omgeving};
use crate::error::SolveError;
use crate::solve::highs::{is_heel, los_mip};
use crate::solve::kolommen::{Buurt, Geheel, Sleutel, Waarden};
use crate::solve::mip::Bouw;
use crate::solve::opties::ABS_GAP;
use crate::solve::zoek;

/// The `y` options in a neighbourhood MIP: reduced cost at least minus this.
const BUURT_DREMPEL: f64 = 0.1;

/// How far integer columns may move beyond their LP value in a wide neighbourhood.
const BUURT_SPEELRUIMTE: f64 = 1.0;

/// Neighbourhood MIPs at most.
const BUURT_RONDES: usize = 6;

/// Neighbourhood MIPs until a koppeling within the gap of `lp`'s bound, one that finds nothing
/// better, the last round or the time limit; improves `beste`. Stops a MIP at the first
/// koppeling worth `genoeg`. Returns the size of the last MIP (columns, rows).
pub(super) fn rondes(
    o: &Omgeving,
    lp: &LpGrens,
    genoeg: f64,
    y_binair: bool,
    beste: &mut Beste,
) -> Result<(usize, usize), SolveError> {
    let (p, agg, d) = (o.p, o.agg, &lp.d);
    let mut variabelen = (0, 0);
    for ronde in 0..BUURT_RONDES {
        let z = beste.keuze.1.doelwaarde;
        if o.bewezen(z, lp.grens) || o.over() <= 0.0 {
            break;
        }
        let beste_waarden = if ronde == 0 {
            None
        } else {
            lp.model.waarden_van(p, &beste.keuze.0)
        };
        // first the LP's own neighbourhood, narrow and quick; then wider ones around the best
        // koppeling, which HiGHS starts from
        let speelruimte = if ronde == 0 { 0.0 } else { BUURT_SPEELRUIMTE };
        let buurt = buurt(&lp.waarden, beste_waarden.as_ref(), speelruimte);
        let beste_regio = o.regios_van(&beste.keuze.0);
        let in_buurt = |h: usize, i: usize| d[h][i] >= -BUURT_DREMPEL || beste_regio[h] == Some(i);
        let mip = los_mip(
            p,
            o.opties,
            Bouw::Geaggregeerd(agg, &in_buurt, y_binair),
            Geheel::Buurt(&buurt),
            beste.van_highs.then_some(&beste.keuze.0[..]),
            Some(genoeg),
            o.over(),
        )?;
        variabelen = (mip.variabelen, mip.restricties);
        o.meld(&format!(
            "neighbourhood {ronde}: {:?}",
            mip.keuze.as_ref().map(|k| k.1.doelwaarde)
        ));
        let voor = mip.keuze.as_ref().map(|k| k.1.doelwaarde);
        let mip_keuze = mip.keuze.map(|k| zoek::gepolijst(p, k)).transpose()?;
        if let Some(k) = &mip_keuze {
            o.meld(&format!(
                "local search: {} below the LP bound",
                lp.grens - k.1.doelwaarde
            ));
        }
        match mip_keuze {
            Some(k) if k.1.doelwaarde > beste.keuze.1.doelwaarde + ABS_GAP => {
                beste.zoek_winst = voor.map_or(0.0, |v| k.1.doelwaarde - v);
                beste.keuze = k;
                beste.van_highs = true;
            }
            _ if ronde > 0 => break,
            _ => {}
        }
    }
    Ok(variabelen)
}

/// A neighbourhood of the LP solution `lp`: in every gemeente where it is fractional (or, with
/// `beste`, differs from the best koppeling), the integer columns may move `speelruimte`
/// beyond the floor and ceiling of both values, so households can be repacked there; elsewhere
/// they stay at the LP's (whole) value.
fn buurt(lp: &Waarden, beste: Option<&Waarden>, speelruimte: f64) -> Buurt {
    let waarde = |b: &Waarden, k: &Sleutel| b.get(k).copied().unwrap_or(0.0);
    let vrij: BTreeSet<_> = lp
        .iter()
        .filter(|&(k, &v)| !is_heel(v) || beste.is_some_and(|b| (waarde(b, k) - v).abs() > 1e-6))
        .map(|(k, _)| k.gemeente())
        .collect();
    lp.iter()
        .map(|(&k, &v)| {
            let w = beste.map_or(v, |b| waarde(b, &k));
            let grenzen = if vrij.contains(&k.gemeente()) {
                (
                    (v.floor().min(w) - speelruimte).max(0.0),
                    v.ceil().max(w) + speelruimte,
                )
            } else {
                (v.round(), v.round())
            };
            (k, grenzen)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GemeenteIdx;

    #[test]
    fn neighbourhood_frees_only_fractional_gemeenten() {
        // gemeente 3 fractional (z = 1.5), gemeente 4 whole (z = 2, x = 1)
        let lp: Waarden = [
            (Sleutel::Z(0, 2, GemeenteIdx::new(3)), 1.5),
            (Sleutel::Z(0, 1, GemeenteIdx::new(3)), 0.0),
            (Sleutel::Z(0, 2, GemeenteIdx::new(4)), 2.0),
            (Sleutel::X(7, GemeenteIdx::new(4)), 1.0),
        ]
        .into_iter()
        .collect();
        let b = buurt(&lp, None, 1.0);
        assert_eq!(b[&Sleutel::Z(0, 2, GemeenteIdx::new(3))], (0.0, 3.0));
        assert_eq!(b[&Sleutel::Z(0, 1, GemeenteIdx::new(3))], (0.0, 1.0));
        assert_eq!(b[&Sleutel::Z(0, 2, GemeenteIdx::new(4))], (2.0, 2.0));
        assert_eq!(b[&Sleutel::X(7, GemeenteIdx::new(4))], (1.0, 1.0));
        // narrow: fractions round either way, whole values stay
        assert_eq!(
            buurt(&lp, None, 0.0)[&Sleutel::Z(0, 2, GemeenteIdx::new(3))],
            (1.0, 2.0)
        );
        // where the best koppeling differs (x = 0 at gemeente 4), gemeente 4 is free as well
        let beste: Waarden = [
            (Sleutel::Z(0, 2, GemeenteIdx::new(3)), 1.0),
            (Sleutel::Z(0, 2, GemeenteIdx::new(4)), 2.0),
        ]
        .into_iter()
        .collect();
        let b = buurt(&lp, Some(&beste), 1.0);
        assert_eq!(b[&Sleutel::X(7, GemeenteIdx::new(4))], (0.0, 2.0));
        assert_eq!(b[&Sleutel::Z(0, 2, GemeenteIdx::new(4))], (1.0, 3.0));
    }
}
