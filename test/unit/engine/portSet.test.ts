import * as assert from 'assert';
import { ALL_PORTS, EMPTY_PORTS, contains, formatRange, intersect, isAll, isEmpty, isSubset, parseRange, portRange, protocolPorts, toRanges, union } from '../../../server/src/core/policy/engine/portSet';

describe('engine/portSet', () => {
  it('merges adjacent and overlapping intervals', () => {
    const s = union(union(portRange('TCP', 80, 80), portRange('TCP', 81, 81)), union(portRange('TCP', 443, 443), portRange('TCP', 440, 444)));
    assert.deepStrictEqual(toRanges(s).map(formatRange), ['TCP 80-81', 'TCP 440-444']);
  });

  it('intersects per protocol', () => {
    const a = union(portRange('TCP', 1, 100), protocolPorts('UDP'));
    const b = union(portRange('TCP', 50, 200), portRange('SCTP', 5, 5));
    assert.deepStrictEqual(toRanges(intersect(a, b)).map(formatRange), ['TCP 50-100']);
    assert.ok(isEmpty(intersect(portRange('UDP', 53, 53), portRange('TCP', 53, 53))));
  });

  it('knows all, empty, membership and subsets', () => {
    assert.ok(isAll(union(union(protocolPorts('TCP'), protocolPorts('UDP')), protocolPorts('SCTP'))));
    assert.ok(!isAll(union(protocolPorts('TCP'), protocolPorts('UDP'))));
    assert.ok(isEmpty(EMPTY_PORTS));
    assert.ok(contains(portRange('TCP', 80, 81), 'TCP', 81));
    assert.ok(!contains(portRange('TCP', 80, 81), 'TCP', 82));
    assert.ok(!contains(portRange('TCP', 80, 81), 'UDP', 80));
    assert.ok(isSubset(portRange('TCP', 80, 81), ALL_PORTS));
    assert.ok(!isSubset(portRange('TCP', 80, 82), union(portRange('TCP', 80, 81), portRange('TCP', 83, 90))));
  });

  it('parses what it formats', () => {
    assert.deepStrictEqual(parseRange('UDP 53'), { protocol: 'UDP', from: 53, to: 53 });
    assert.deepStrictEqual(parseRange('TCP 80-81'), { protocol: 'TCP', from: 80, to: 81 });
    assert.strictEqual(parseRange('tcp 80'), undefined);
    assert.strictEqual(parseRange('TCP 81-80'), undefined);
  });
});
