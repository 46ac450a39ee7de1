import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {keySlot, tagsPerOwner} from '../../source/cluster/slots.js';
import {buildTopology, describeChange, diffTopology, formatSlots, parseClusterInfo, parseClusterNodes, type Topology} from '../../source/cluster/topology.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const nodesText = fixture('cluster-nodes-7.0.txt');
const info = parseClusterInfo(fixture('cluster-info-7.0.txt'));
const topology = (text: string, state = info): Topology => buildTopology(state, parseClusterNodes(text), '127.0.0.1:44679');

// The recorded cluster after its first master (…:44679, slots 0-5460) was killed and its replica (…:45081) took over.
const afterFailover = nodesText
	.replace('acf46c24a965fe3ac40dbe5f6da665eddd4817cf 127.0.0.1:45081@55081 slave ac5b0bb7943cb5666f1b216b879d2f73f3c584d9 0 1795648268227 1 connected',
		'acf46c24a965fe3ac40dbe5f6da665eddd4817cf 127.0.0.1:45081@55081 master - 0 1795648268227 7 connected 0-5460')
	.replace('ac5b0bb7943cb5666f1b216b879d2f73f3c584d9 127.0.0.1:44679@54679 myself,master - 0 1795648268000 1 connected 0-5460',
		'ac5b0bb7943cb5666f1b216b879d2f73f3c584d9 127.0.0.1:44679@54679 master,fail - 1795648268000 1795648268000 1 disconnected');

describe('CLUSTER NODES and CLUSTER INFO', () => {
	it('reads every node with its role, master and slots', () => {
		const nodes = parseClusterNodes(nodesText);
		expect(nodes).toHaveLength(6);
		const me = nodes.find(n => n.port === 44679)!;
		expect(me).toMatchObject({host: '127.0.0.1', address: '127.0.0.1:44679', role: 'master', masterId: undefined, isFailed: false, isConnected: true, slots: [[0, 5460]]});
		expect(me.flags).toEqual(['master']);
		const replica = nodes.find(n => n.port === 45081)!;
		expect(replica).toMatchObject({role: 'replica', masterId: me.id, slots: []});
	});

	it('reads CLUSTER INFO', () => {
		expect(info).toEqual({state: 'ok', slotsAssigned: 16_384, slotsOk: 16_384, slotsPfail: 0, slotsFail: 0, knownNodes: 6, size: 3, currentEpoch: 6});
		expect(parseClusterInfo('cluster_state:fail\r\ncluster_slots_fail:5461\r\n')).toMatchObject({state: 'fail', slotsFail: 5461, slotsOk: 0});
	});

	it.each([
		['ab 10.0.0.1:7000@17000,redis-1 master - 0 0 1 connected 0-10 12 [13->-cd] 20-30', {host: '10.0.0.1', port: 7000, slots: [[0, 10], [12, 12], [20, 30]], migrating: 1}],
		['ab [::1]:7000@17000 master,fail? - 0 0 1 connected', {host: '::1', address: '[::1]:7000', isSuspected: true, isFailed: false}],
		['ab :0@0 master,noaddr - 0 0 1 disconnected', undefined],
		['ab 10.0.0.1:7000@17000 handshake - 0 0 0 disconnected', undefined],
		['garbage', undefined],
	])('reads %s', (line, expected) => {
		const [node] = parseClusterNodes(line);
		if (expected === undefined) expect(node).toBeUndefined();
		else expect(node).toMatchObject(expected);
	});

	it('groups shards by slot with their replicas', () => {
		const t = topology(nodesText);
		expect(t.shards.map(s => [formatSlots(s.slots), s.master.port, s.replicas.map(r => r.port), s.slotTotal])).toEqual([
			['0-5460', 44679, [45081], 5461],
			['5461-10922', 40907, [46553], 5462],
			['10923-16383', 37993, [38097], 5461],
		]);
	});
});

describe('topology changes', () => {
	it('sees nothing when nothing changed', () => {
		expect(diffTopology(topology(nodesText), topology(nodesText))).toEqual([]);
	});

	it('names a failover: the old master, the replica that took over, and the slots', () => {
		const changes = diffTopology(topology(nodesText), topology(afterFailover, {...info, state: 'ok'}));
		expect(changes).toContainEqual({kind: 'failover', from: '127.0.0.1:44679', to: '127.0.0.1:45081', slots: 5461});
		expect(changes).toContainEqual({kind: 'node-failed', node: '127.0.0.1:44679'});
		expect(changes.some(c => c.kind === 'role-changed' && c.node === '127.0.0.1:45081')).toBe(false);
		expect(changes.map(describeChange)).toContain('failover: 127.0.0.1:45081 took over 5461 slots from 127.0.0.1:44679');
		// A master that lost its slots sorts after the shards that serve slots.
		expect(topology(afterFailover).shards.at(-1)!.master.port).toBe(44679);
	});

	it('names resharding between masters, nodes joining and leaving, and the cluster state', () => {
		const resharded = nodesText
			.replace('connected 5461-10922', 'connected 5561-10922')
			.replace('connected 0-5460', 'connected 0-5560');
		const withNewNode = `${nodesText}\nffff 127.0.0.1:1234@11234 master - 0 0 0 connected\n`;
		expect(diffTopology(topology(nodesText), topology(resharded))).toEqual([{kind: 'slots-moved', from: '127.0.0.1:40907', to: '127.0.0.1:44679', slots: 100}]);
		expect(diffTopology(topology(nodesText), topology(withNewNode))).toEqual([{kind: 'node-added', node: '127.0.0.1:1234'}]);
		expect(diffTopology(topology(withNewNode), topology(nodesText))).toEqual([{kind: 'node-removed', node: '127.0.0.1:1234'}]);
		expect(diffTopology(topology(nodesText), topology(nodesText, {...info, state: 'fail'}))).toEqual([{kind: 'state', from: 'ok', to: 'fail'}]);
	});
});

describe('key slots and hash tags', () => {
	it.each([
		['123456789', 12_739],
		['', 0],
		['{user1000}.following', keySlot('user1000')],
		['foo{}{bar}', keySlot('foo{}{bar}')],
		['foo{{bar}}zap', keySlot('{bar')],
		['foo{bar}{zap}', keySlot('bar')],
	])('%j hashes to slot %i', (key, slot) => {
		expect(keySlot(key)).toBe(slot);
	});

	it('finds the same number of tags for every owner, each landing on its owner', () => {
		const owners = Array.from({length: 16_384}, (_, slot) => (slot < 5461 ? 'a' : slot < 10_923 ? 'b' : 'c'));
		const tags = tagsPerOwner(owners, 4);
		expect([...tags.keys()].sort()).toEqual(['a', 'b', 'c']);
		for (const [owner, list] of tags) {
			expect(list).toHaveLength(4);
			for (const tag of list) expect(owners[keySlot(tag)]).toBe(owner);
		}
	});
});
