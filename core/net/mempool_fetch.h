#pragma once

#include "consensus/primitives/transaction.h"
#include "net/peer_client.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace mbc::net {

// A peer's mempool, fetched a page at a time (GET /mempool?limit=&after=) and handed to the
// node tx by tx, in slices of the node's thread. A node far behind refuses others' txs
// (`catching-up`) and nobody sends them again: the peer it caught up with holds them. Bounded,
// whatever the peer answers, in txs, pages, bytes (each answer and all of them) and the time
// the txs the node refuses take to judge (the peer's pushes would pay for that; these are
// fetched, so the fetch stops instead). A MiniBitcoinPy peer's whole-pool answer (no cursor)
// is one page. A pool may list a child before its parent (a reorg puts the parent back in after
// it): txs refused for an input the node does not know are set aside and tried again once the
// pages are done, while each round takes some.
class MempoolFetch : public QObject {
    Q_OBJECT
public:
    static constexpr int kPageTxs = 250; // (our own nodes serve up to 1,000 and 2 MB of txs)
    static constexpr std::size_t kMaxTxs = 20'000;
    static constexpr int kMaxPages = 80; // kMaxTxs at kPageTxs a page
    // One answer: our own nodes' pages are at most 2 MB of txs, about 4.5 MB as JSON (hex).
    static constexpr std::int64_t kMaxPageBytes = 8'000'000;
    // All answers: a full mempool (32 MB of txs) as JSON.
    static constexpr std::int64_t kMaxBytes = 64'000'000;
    // Judging the txs the node refuses (their signatures are checked before a fee too low or
    // a full pool refuses them), in all.
    static constexpr std::int64_t kMaxRefusedMs = 1000;
    static constexpr int kSliceMs = 10;
    // Txs set aside for an unknown input (more are refused), their encoded bytes, and rounds of
    // trying them again.
    static constexpr std::size_t kMaxSetAside = 2'000;
    static constexpr std::size_t kMaxSetAsideBytes = 8'000'000;
    static constexpr int kMaxRetryRounds = 4;

    // Held: the node had it already. MissingInputs: refused for an input the node does not
    // know, which may be a parent further on in the pool.
    enum class Taken { Accepted, Held, Refused, MissingInputs };
    struct Outcome {
        std::size_t accepted = 0, held = 0, refused = 0;
        int pages = 0;
        QString offence;     // what the peer sent that no honest node would; empty if nothing
        QString stopped;     // why the fetch ended before the pool's end (a failure, a bound)
        bool failed = false; // no answer, or the node's store failed: worth trying again
    };
    // Submits one tx and says how it was `taken`: nothing if taken or refused as an honest
    // peer's tx may be, else the offence (which ends the fetch).
    using Submit = std::function<std::optional<QString>(const Transaction& tx, Taken& taken)>;
    using Done = std::function<void(const Outcome&)>;
    // While `wait` answers true (a sync's batch held open, which a tx's lookups would commit
    // early), slices wait.
    MempoolFetch(PeerClient& client, QString peerUrl, Submit submit, std::function<bool()> wait,
                 Done done, QObject* parent = nullptr);

    void start();

private:
    void requestPage();
    void onPage(const PeerReply& reply);
    void submitSlice();
    void retrySetAsideOrFinish();
    void dropSetAside(); // counted as refused, with the rest of a retry round
    void finish();

    PeerClient& client_;
    QString url_;
    Submit submit_;
    std::function<bool()> wait_;
    Done done_;
    Outcome outcome_;
    std::optional<std::uint64_t> after_; // the cursor of the next page
    bool lastPage_ = false;
    std::vector<Transaction> page_;
    std::size_t next_ = 0; // in page_
    std::size_t taken_ = 0;
    std::int64_t bytes_ = 0;
    std::int64_t refusedNs_ = 0;
    std::vector<Transaction> setAside_; // refused for an unknown input: tried again at the end
    std::size_t setAsideBytes_ = 0;     // their encoded sizes
    int retryRound_ = 0;
    std::size_t acceptedBeforeRound_ = 0;
};

} // namespace mbc::net
