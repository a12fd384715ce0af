import { byCodeUnit } from '../../src/compare.js';

const names = ['kubelet', 'Kubelet', 'i', 'I', 'a_b', 'a-b', 'a.b', 'a1', 'cri-tools_1.37.0', 'cri-tools-1.37.0'];
const expected = ['I', 'Kubelet', 'a-b', 'a.b', 'a1', 'a_b', 'cri-tools-1.37.0', 'cri-tools_1.37.0', 'i', 'kubelet'];

// localeCompare would put a_b first and, under a Turkish locale, I after i.
test('orders by code unit, not by collation', () => {
  expect([...names].sort(byCodeUnit)).toEqual(expected);
});
