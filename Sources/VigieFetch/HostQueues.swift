/// Requests (or what stands for them) waiting to start, queued per host, handed out round-robin across hosts with
/// room under the per-host limit, so a host with many feeds never starves the others.
struct HostQueues<Item> {
    private let perHost: Int
    private var waiting: [String: [Item]] = [:]
    private var heads: [String: Int] = [:]
    private var running: [String: Int] = [:]
    private var hosts: [String] = []
    private var cursor = 0
    private var remaining = 0

    /// Creates empty queues with a per-host limit.
    init(perHost: Int) {
        self.perHost = perHost
    }

    /// Whether nothing is waiting.
    var isEmpty: Bool { remaining == 0 }

    /// Queues `item` under `host`.
    mutating func enqueue(_ item: Item, host: String) {
        if waiting[host] == nil { hosts.append(host) }
        waiting[host, default: []].append(item)
        remaining += 1
    }

    /// The next item that may start now (its host is under the limit), counted as running; `nil` if none may.
    mutating func next() -> (Item, String)? {
        guard remaining > 0 else { return nil }
        for _ in 0..<hosts.count {
            let host = hosts[cursor]
            cursor = (cursor + 1) % hosts.count
            let head = heads[host, default: 0]
            guard let queue = waiting[host], head < queue.count, running[host, default: 0] < perHost else { continue }
            heads[host] = head + 1
            running[host, default: 0] += 1
            remaining -= 1
            return (queue[head], host)
        }
        return nil
    }

    /// Every item still waiting, whatever the limits, in queue order per host; the queues are left empty.
    mutating func drain() -> [Item] {
        var drained: [Item] = []
        for host in hosts {
            let head = heads[host, default: 0]
            if let queue = waiting[host], head < queue.count { drained.append(contentsOf: queue[head...]) }
            heads[host] = waiting[host]?.count ?? 0
        }
        remaining = 0
        return drained
    }

    /// A transfer for `host` finished: its slot is free.
    mutating func finished(host: String) {
        running[host, default: 1] -= 1
    }
}
