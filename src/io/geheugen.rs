//! How much more memory this process may take: the tightest of the address-space limit
//! (`ulimit -v`, `prlimit --as`), the memory the kernel reports available, and the memory
//! limit of the process's control group (containers, systemd). Linux only; elsewhere nothing
//! is known and nothing is refused.

use std::path::Path;

/// Which limit is the tightest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grens {
    /// The address-space limit of the process (`ulimit -v`, `prlimit --as`).
    Adresruimte,
    /// The memory the kernel reports available (`MemAvailable` in `/proc/meminfo`).
    Vrij,
    /// The memory limit of the process's control group (`memory.max`).
    Cgroup,
}

impl Grens {
    /// The limit in words, for the message that refuses a run.
    pub fn omschrijving(self) -> &'static str {
        match self {
            Grens::Adresruimte => "the address-space limit (ulimit -v)",
            Grens::Vrij => "the memory available on this machine",
            Grens::Cgroup => "the memory limit of this container (cgroup memory.max)",
        }
    }
}

/// What the process has and may still take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geheugen {
    /// Resident memory in use now, in bytes.
    pub in_gebruik: u64,
    /// Bytes the process may still take, and the limit that says so.
    pub ruimte: u64,
    pub grens: Grens,
}

/// The memory of this process now, or `None` where the system does not say.
pub fn nu() -> Option<Geheugen> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let rss = kb_veld(&status, "VmRSS:")?;
    let vm = kb_veld(&status, "VmSize:").unwrap_or(rss);
    let mut grenzen = Vec::new();
    if let Some(limiet) = adresruimte() {
        grenzen.push((limiet.saturating_sub(vm), Grens::Adresruimte));
    }
    if let Some(vrij) = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| kb_veld(&m, "MemAvailable:"))
    {
        grenzen.push((vrij, Grens::Vrij));
    }
    if let Some(ruimte) = cgroup_ruimte() {
        grenzen.push((ruimte, Grens::Cgroup));
    }
    let (ruimte, grens) = grenzen.into_iter().min_by_key(|&(r, _)| r)?;
    Some(Geheugen {
        in_gebruik: rss,
        ruimte,
        grens,
    })
}

/// A `NAME:   123 kB` line of a `/proc` file, in bytes.
fn kb_veld(tekst: &str, naam: &str) -> Option<u64> {
    let regel = tekst.lines().find(|l| l.starts_with(naam))?;
    let kb: u64 = regel[naam.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

#[cfg(unix)]
fn adresruimte() -> Option<u64> {
    use rustix::process::{getrlimit, Resource};
    getrlimit(Resource::As).current
}

#[cfg(not(unix))]
fn adresruimte() -> Option<u64> {
    None
}

/// `memory.max - memory.current` of the process's cgroup (v2), when it has a limit.
fn cgroup_ruimte() -> Option<u64> {
    let cgroup = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    let pad = cgroup.lines().find_map(|l| l.strip_prefix("0::"))?;
    let map = Path::new("/sys/fs/cgroup").join(pad.trim_start_matches('/'));
    let lees = |naam: &str| std::fs::read_to_string(map.join(naam)).ok();
    let max: u64 = lees("memory.max")?.trim().parse().ok()?; // "max": no limit
    let huidig: u64 = lees("memory.current")?.trim().parse().ok()?;
    Some(max.saturating_sub(huidig))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_fields_are_read_in_bytes() {
        let status = "Name:\tkansrijk\nVmSize:\t  123456 kB\nVmRSS:\t    2048 kB\n";
        assert_eq!(kb_veld(status, "VmSize:"), Some(123_456 * 1024));
        assert_eq!(kb_veld(status, "VmRSS:"), Some(2048 * 1024));
        assert_eq!(kb_veld(status, "VmPeak:"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_has_memory_in_use_and_room_left() {
        let g = nu().expect("Linux reports memory");
        assert!(g.in_gebruik > 0);
        assert!(g.ruimte > 0);
    }
}
