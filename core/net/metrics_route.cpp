#include "net/node_api.h"
#include "net/node_routes.h"
#include "node/node.h"

namespace mbc::net {
namespace {

// Prometheus text exposition format, version 0.0.4.
class MetricsText {
public:
    void add(const char* name, const char* type, const char* help, double value) {
        header(name, type, help);
        sample(name, "", value);
    }
    void header(const char* name, const char* type, const char* help) {
        out_ += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    }
    void sample(const char* name, const QByteArray& labels, double value) {
        out_ += name;
        if (!labels.isEmpty())
            out_ += '{' + labels + '}';
        out_ += ' ' + QByteArray::number(value, 'g', 17) + '\n';
    }
    const QByteArray& text() const { return out_; }

private:
    QByteArray out_;
};

} // namespace

ApiReply NodeApi::metrics(const ApiRequest&) {
    node.probeStore(); // 503 while the database does not answer
    const ChainTip tip = node.tip();
    const node::MiningController& mining = node.mining();
    std::size_t activePeers = 0;
    const auto peers = node.peers().all();
    for (const auto& p : peers)
        activePeers += p.isActive ? 1 : 0;

    MetricsText m;
    m.add("minibitcoin_chain_height", "gauge", "Height of the active chain's tip (-1: empty).",
          double(tip.height));
    m.add("minibitcoin_utxo_count", "gauge", "Unspent outputs of the active chain.",
          double(tip.utxoCount));
    m.add("minibitcoin_orphan_blocks", "gauge", "Blocks held until their parent arrives.",
          double(node.orphans().size()));
    m.add("minibitcoin_mempool_size", "gauge", "Transactions in the mempool.",
          double(node.mempool().size()));
    m.add("minibitcoin_mempool_bytes", "gauge", "Serialized bytes of the mempool's txs.",
          double(node.mempool().bytes()));
    m.add("minibitcoin_peers", "gauge", "Active peers.", double(activePeers));
    m.add("minibitcoin_peers_stored", "gauge", "Peers in the peers table.", double(peers.size()));
    m.add("minibitcoin_syncing", "gauge", "1 while downloading blocks from a peer.",
          node.syncState().syncing ? 1.0 : 0.0);
    m.add("minibitcoin_best_peer_height", "gauge", "Highest tip a peer reported (-1: none).",
          double(node.syncState().bestPeerHeight));
    m.add("minibitcoin_mining_hashes_total", "counter", "Nonces tried by this node's miner.",
          double(mining.hashesTried()));
    m.add("minibitcoin_mining_threads", "gauge", "Threads searching nonces (0: not mining).",
          mining.active() ? double(mining.threads()) : 0.0);
    m.add("minibitcoin_mining_hash_rate", "gauge", "Nonces per second over the last second.",
          mining.hashRate());
    m.add("minibitcoin_mining_blocks_total", "counter", "Blocks this node mined and connected.",
          double(mining.blocksFound()));
    m.add("minibitcoin_event_listeners", "gauge", "Open GET /events streams.",
          double(server.eventListeners()));
    m.header("minibitcoin_block_phase_seconds_total", "counter",
             "Time spent on blocks received or mined, by step (see README: Benchmarks).");
    const BlockPhaseTimings& timings = node.blockPhaseTimings();
    for (std::size_t i = 0; i < kBlockPhaseCount; ++i)
        m.sample("minibitcoin_block_phase_seconds_total",
                 "phase=\"" +
                     QByteArray(kBlockPhaseNames[i].data(), qsizetype(kBlockPhaseNames[i].size())) +
                     '"',
                 timings.seconds(BlockPhase(i)));
    m.header("minibitcoin_http_responses_total", "counter", "HTTP responses by status code.");
    for (auto it = server.responsesByStatus().cbegin(); it != server.responsesByStatus().cend();
         ++it)
        m.sample("minibitcoin_http_responses_total", "code=\"" + QByteArray::number(it.key()) + '"',
                 double(it.value()));
    return ApiReply::text(m.text(), "text/plain; version=0.0.4; charset=utf-8");
}

} // namespace mbc::net
