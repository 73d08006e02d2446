//! "Besluiten van de planner": every row of `vastzetten.csv` with what it costs the whole
//! koppeling, measured by solving again without it ([`crate::explain::planner`]). No section
//! when the input has no `vastzetten.csv`.

use std::fmt::Write;

use crate::explain::kosten::Meting;
use crate::render::tekst::{cel, getal, toelichting_planner};
use crate::solve::Status;
use crate::uitkomst::Uitkomst;

pub(super) fn besluiten(s: &mut String, u: &Uitkomst) {
    let Some(besluiten) = &u.besluiten else {
        return;
    };
    let inst = &u.instance;
    let _ = writeln!(s, "## Besluiten van de planner\n");
    if besluiten.is_empty() {
        let _ = writeln!(s, "`vastzetten.csv` heeft geen besluiten.\n");
        return;
    }
    let _ = writeln!(s, "Elk besluit uit `vastzetten.csv`: `vast` koppelt het huishouden aan de gemeente, `niet` sluit de gemeente uit. *Kosten*: zoveel hoger is de doelwaarde (totale score min boetes) van de beste koppeling zonder dat ene besluit dan die van deze koppeling, met alle andere besluiten; gemeten door opnieuw op te lossen zonder het besluit, in 4 decimalen zoals de doelwaarde. 0,0000: het besluit kost niets.\n");
    let _ = writeln!(
        s,
        "| regel | huishouden | besluit | gemeente | toelichting van de planner | kosten |"
    );
    let _ = writeln!(s, "|---:|---|---|---|---|---:|");
    for b in besluiten {
        let g = inst.gemeente(b.gemeente);
        let toelichting = cel(&toelichting_planner(&b.toelichting));
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} ({}) | {toelichting} | {} |",
            b.regel,
            cel(inst.huishouden(b.huishouden).id.as_str()),
            b.soort.as_str(),
            cel(&g.naam),
            g.code,
            kosten(&b.meting, u.oplossing.status)
        );
    }
    s.push('\n');
}

/// A measured cost with 4 decimals, as the objective is given (so 0,0000 only when it costs
/// nothing); when the run (status `run`) or the re-solve was proven only
/// within its gap or not proven at all (time limit), the range the true cost lies in, said next to it.
pub(crate) fn kosten(m: &Meting, run: Status) -> String {
    let d = getal(m.daling, 4);
    let tussen = format!(
        "de echte kosten liggen tussen {} en {}",
        getal(m.daling_minstens, 4),
        getal(m.daling_hooguit, 4)
    );
    if m.exact() {
        d
    } else if m.status != Status::Optimaal || run != Status::Optimaal {
        format!("{d} (niet bewezen optimaal: {tussen})")
    } else {
        format!("{d} (bewezen tot op de gap: {tussen})")
    }
}
