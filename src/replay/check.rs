//! `kansrijk check`: a finished run's claims recomputed without a solver.

use std::path::PathBuf;

use super::{herlaad, lees, prijzen, Gecontroleerd, Herladen};
use crate::error::UitlegError;
use crate::io::output::MERK;
use crate::render::controle::PrognoseControle;
use crate::{solve, Error};

/// What `kansrijk check` needs.
#[derive(Debug, Clone, Default)]
pub struct ControleOpties {
    /// The output folder of a finished `kansrijk match`.
    pub out: PathBuf,
    /// The input folder, when it moved since the run; default: the one `rapport.json` records.
    pub data: Option<PathBuf>,
}

/// Checks a finished run without a solver ([`solve::controle`]): reads its `rapport.json`,
/// loads its input again (refusing when a file changed since the run), rebuilds the model and
/// recomputes the koppeling's rules and objective, the reported bound, gap and status (with the
/// functions `match` used), and the bound of its certificate.
pub fn check(opties: &ControleOpties) -> Result<Gecontroleerd, Error> {
    let rapport = lees(&opties.out)?;
    let Herladen {
        rapport,
        instance,
        probleem,
        toewijzing,
        ..
    } = herlaad(&opties.out, rapport, opties.data.as_deref())?;
    let o = &rapport.oplossing.waarde;
    let prijzen = rapport
        .oplossing
        .certificaat
        .as_ref()
        .map(|c| prijzen(c, &instance))
        .transpose()
        .map_err(|reden| UitlegError::PastNiet {
            path: opties.out.join(MERK),
            reden,
        })?;
    let gemeld = solve::controle::Gemeld {
        status: o.status,
        doelwaarde: o.doelwaarde,
        grens: o.grens,
        gap: o.gap,
        // the gap the run worked to: by pricing (which writes `bewijs`, with a certificate
        // unless its LP ran out of time) or whole
        toegestaan: solve::gap_in_kracht(rapport.opties.gap, rapport.oplossing.bewijs.is_some()),
    };
    let mut controle =
        solve::controle::controleer(&probleem, &toewijzing, gemeld, prijzen.as_ref());
    let prognose = rapport.prognose.as_ref().map(|p| {
        // the status is the batch's own optimum's, proven or not by the same bound
        controle.grens.bewezen =
            solve::opties::bewezen(p.optimum.doelwaarde, o.grens, controle.gemeld.toegestaan);
        PrognoseControle {
            optimum: p.optimum.doelwaarde,
            opgegeven: p.opgegeven,
            klopt: p.optimum.doelwaarde <= o.grens + 1e-9 * o.grens.abs().max(1.0)
                && (p.opgegeven - (p.optimum.doelwaarde - o.doelwaarde)).abs()
                    <= 1e-9 * p.optimum.doelwaarde.abs().max(1.0),
        }
    });
    Ok(Gecontroleerd {
        bron: rapport.invoer.bron,
        instance,
        controle,
        prognose,
    })
}
