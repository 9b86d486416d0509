import * as assert from 'assert';
import { formatAddress, parseAddress, parseCidr, subtractRanges } from '../../../server/src/core/policy/engine/cidr';

describe('engine/cidr', () => {
  it('masks host bits as Kubernetes does', () => {
    const r = parseCidr('192.168.1.5/24')!;
    assert.strictEqual(formatAddress({ family: 4, value: r.start }), '192.168.1.0');
    assert.strictEqual(formatAddress({ family: 4, value: r.end }), '192.168.1.255');
  });

  it('reads IPv4 leading zeros as decimal (the lenient parser), not octal', () => {
    assert.strictEqual(formatAddress({ family: 4, value: parseCidr('010.0.0.0/8')!.start }), '10.0.0.0');
    assert.strictEqual(formatAddress(parseAddress('010.001.002.003')!), '10.1.2.3');
  });

  it('parses IPv6 and maps ::ffff:a.b.c.d addresses to IPv4', () => {
    const r = parseCidr('2001:db8::1/64')!;
    assert.strictEqual(r.family, 6);
    assert.strictEqual(formatAddress({ family: 6, value: r.start }), '2001:db8::');
    assert.deepStrictEqual(parseAddress('::ffff:10.0.0.1'), parseAddress('10.0.0.1'));
  });

  it('rejects what is not a CIDR', () => {
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.256/8', 'abc/8', '10.0.0.0/', '::/129', 'fe80::1%eth0/64']) assert.strictEqual(parseCidr(bad), undefined, bad);
  });

  it('subtracts except ranges, ignoring other families', () => {
    const parts = subtractRanges(parseCidr('10.0.0.0/24')!, [parseCidr('10.0.0.0/26')!, parseCidr('10.0.0.128/25')!, parseCidr('::/0')!]);
    assert.deepStrictEqual(parts.map(([a, b]) => `${formatAddress({ family: 4, value: a })}-${formatAddress({ family: 4, value: b })}`), ['10.0.0.64-10.0.0.127']);
    assert.deepStrictEqual(subtractRanges(parseCidr('10.0.0.0/24')!, [parseCidr('10.0.0.0/16')!]), []);
  });
});
