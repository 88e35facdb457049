//! Who the client is behind reverse proxies.
//!
//! A proxy appends the address it received a request from to `X-Forwarded-For`, so the list
//! reads client, proxy 1, proxy 2, ... and the socket's peer is the last proxy. Everything left
//! of a hop we do not trust was written by that hop, which may be the client itself, so the
//! client is the rightmost address (peer included) that is not one of the trusted proxies
//! (`COMMONPLACE_TRUSTED_PROXIES`). With no trusted proxies the peer is the client and the
//! header is ignored.

use std::net::IpAddr;

/// A network in CIDR notation (`10.0.0.0/8`, `::1/128`); a bare address is a network of one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    net: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Parses `ADDR/PREFIX` or a bare address.
    pub fn parse(value: &str) -> Result<Cidr, String> {
        let v = value.trim();
        let (addr, prefix) = match v.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (v, None),
        };
        let net: IpAddr = addr
            .parse()
            .map_err(|_| format!("{v:?} is not an IP address or network like 10.0.0.0/8"))?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{v:?}: the prefix length must be 0 to {max}"))?,
        };
        Ok(Cidr { net, prefix })
    }

    /// Whether `ip` is in this network (an IPv4-mapped IPv6 address counts as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.net, canonical(ip)) {
            (IpAddr::V4(n), IpAddr::V4(a)) => prefix_eq(
                u128::from(u32::from(n)) << 96,
                u128::from(u32::from(a)) << 96,
                self.prefix,
            ),
            (IpAddr::V6(n), IpAddr::V6(a)) => prefix_eq(u128::from(n), u128::from(a), self.prefix),
            _ => false,
        }
    }
}

fn prefix_eq(a: u128, b: u128, prefix: u8) -> bool {
    if prefix == 0 {
        return true;
    }
    let mask = u128::MAX << (128 - u32::from(prefix));
    a & mask == b & mask
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// Parses a comma- or space-separated list of networks.
pub fn parse_list(value: &str) -> Result<Vec<Cidr>, String> {
    value
        .split([',', ' '])
        .filter(|p| !p.trim().is_empty())
        .map(|p| Cidr::parse(p).map_err(|e| format!("COMMONPLACE_TRUSTED_PROXIES: {e}")))
        .collect()
}

/// The trusted proxies of a deployment.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    pub fn new(networks: Vec<Cidr>) -> TrustedProxies {
        TrustedProxies(networks)
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|c| c.contains(ip))
    }

    /// The client's address: the rightmost hop of `X-Forwarded-For` headers (in the order they
    /// came) and the peer that is not a trusted proxy. An entry that is not an address stops
    /// the walk (nothing left of it can be trusted): the hop right of it is the client then.
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        if !self.trusts(peer) {
            return canonical(peer);
        }
        let mut client = peer;
        let hops = forwarded_for
            .iter()
            .flat_map(|h| h.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        for hop in hops.into_iter().rev() {
            let Some(ip) = parse_hop(hop) else { break };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        canonical(client)
    }

    /// Whether the request reached the first proxy over HTTPS: only a trusted peer's
    /// `X-Forwarded-Proto` is believed.
    pub fn https(&self, peer: Option<IpAddr>, forwarded_proto: Option<&str>) -> bool {
        peer.is_some_and(|p| self.trusts(p))
            && forwarded_proto
                .and_then(|v| v.split(',').next())
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
    }
}

/// An address as proxies write it: bare, `[v6]`, `v4:port` or `[v6]:port`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    if let Ok(sock) = hop.parse::<std::net::SocketAddr>() {
        return Some(sock.ip());
    }
    hop.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .and_then(|h| h.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn proxies(list: &str) -> TrustedProxies {
        TrustedProxies::new(parse_list(list).unwrap())
    }

    #[test]
    fn networks_contain_their_addresses() {
        let c = Cidr::parse("10.1.0.0/16").unwrap();
        assert!(c.contains(ip("10.1.255.7")));
        assert!(!c.contains(ip("10.2.0.1")));
        assert!(c.contains(ip("::ffff:10.1.0.9")), "IPv4-mapped counts");
        assert!(Cidr::parse("0.0.0.0/0")
            .unwrap()
            .contains(ip("203.0.113.9")));
        let v6 = Cidr::parse("fd00::/8").unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert!(Cidr::parse("192.0.2.1").unwrap().contains(ip("192.0.2.1")));
        assert!(!Cidr::parse("192.0.2.1").unwrap().contains(ip("192.0.2.2")));
        for bad in [
            "",
            "10.0.0.0/33",
            "::/129",
            "10.0.0/8",
            "proxy",
            "10.0.0.0/-1",
            "10.0.0.0/",
        ] {
            assert!(Cidr::parse(bad).is_err(), "{bad:?}");
        }
        assert!(parse_list("10.0.0.0/8, 127.0.0.1 ::1").unwrap().len() == 3);
        assert!(parse_list("").unwrap().is_empty());
        assert!(parse_list("10.0.0.0/8,nonsense").is_err());
    }

    #[test]
    fn the_client_is_the_rightmost_untrusted_hop() {
        let p = proxies("10.0.0.0/8");
        // A client behind one trusted proxy that lies about where it comes from.
        assert_eq!(
            p.client(ip("10.0.0.2"), &["1.2.3.4, 198.51.100.7"]),
            ip("198.51.100.7")
        );
        // Two trusted proxies.
        assert_eq!(
            p.client(ip("10.0.0.2"), &["198.51.100.7, 10.0.0.3"]),
            ip("198.51.100.7")
        );
        // Several headers count as one list, in order.
        assert_eq!(
            p.client(ip("10.0.0.2"), &["6.6.6.6", "198.51.100.7", "10.0.0.3"]),
            ip("198.51.100.7")
        );
        // A peer that is not a proxy is the client, whatever it claims.
        assert_eq!(
            p.client(ip("198.51.100.7"), &["1.2.3.4"]),
            ip("198.51.100.7")
        );
        // With no trusted proxies the header counts for nothing.
        assert_eq!(
            proxies("").client(ip("127.0.0.1"), &["1.2.3.4"]),
            ip("127.0.0.1")
        );
        // Garbage stops the walk at the last hop we could read.
        assert_eq!(p.client(ip("10.0.0.2"), &["1.2.3.4, junk"]), ip("10.0.0.2"));
        // Ports and brackets as some proxies write them.
        assert_eq!(
            p.client(ip("10.0.0.2"), &["[2001:db8::7]:4711"]),
            ip("2001:db8::7")
        );
        assert_eq!(
            p.client(ip("10.0.0.2"), &["198.51.100.7:80"]),
            ip("198.51.100.7")
        );
        // Only trusted hops: the leftmost one.
        assert_eq!(p.client(ip("10.0.0.2"), &["10.9.9.9"]), ip("10.9.9.9"));
    }

    #[test]
    fn only_a_trusted_peer_says_https() {
        let p = proxies("127.0.0.1");
        assert!(p.https(Some(ip("127.0.0.1")), Some("https")));
        assert!(!p.https(Some(ip("198.51.100.7")), Some("https")));
        assert!(!p.https(None, Some("https")));
        assert!(!p.https(Some(ip("127.0.0.1")), Some("http")));
    }

    proptest! {
        /// Whatever a client writes into the header, it never picks an address left of the
        /// last untrusted hop, and never a trusted proxy while an untrusted hop exists.
        #[test]
        fn a_client_cannot_choose_its_address(
            forged in proptest::collection::vec(any::<[u8; 4]>(), 0..5),
            real in any::<[u8; 4]>(),
            junk in "[ -~]{0,20}",
        ) {
            let p = proxies("10.0.0.0/8");
            let real = IpAddr::from(real);
            prop_assume!(!p.trusts(real));
            let mut header: Vec<String> = forged.iter().map(|a| IpAddr::from(*a).to_string()).collect();
            header.push(junk);
            let header = header.join(", ");
            let claimed = format!("{header}, {real}");
            prop_assert_eq!(p.client(ip("10.0.0.1"), &[claimed.as_str()]), real);
        }
    }
}
