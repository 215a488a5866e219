#include "net/mempool_fetch.h"

#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "json/json_value.h"

#include <QElapsedTimer>
#include <QTimer>

namespace mbc::net {

MempoolFetch::MempoolFetch(PeerClient& client, QString peerUrl, Submit submit,
                           std::function<bool()> wait, Done done, QObject* parent)
    : QObject(parent)
    , client_(client)
    , url_(std::move(peerUrl))
    , submit_(std::move(submit))
    , wait_(std::move(wait))
    , done_(std::move(done)) {}

void MempoolFetch::start() {
    requestPage();
}

void MempoolFetch::requestPage() {
    QString path = QStringLiteral("/mempool?limit=%1").arg(kPageTxs);
    if (after_)
        path += QStringLiteral("&after=%1").arg(*after_);
    client_.get(
        url_, path, [this](const PeerReply& r) { onPage(r); }, this, kMaxPageBytes);
}

void MempoolFetch::onPage(const PeerReply& reply) {
    if (!reply.ok()) {
        outcome_.stopped = "its mempool could not be read: " + reply.describe();
        outcome_.failed = true;
        return finish();
    }
    ++outcome_.pages;
    bytes_ += reply.body.size();
    const auto parsed =
        json::parse(std::string_view(reply.body.constData(), std::size_t(reply.body.size())));
    const json::Value* v = std::get_if<json::Value>(&parsed);
    const json::Value* txs = v ? v->find("transactions") : nullptr;
    if (!txs || !txs->isArray()) {
        outcome_.offence = QStringLiteral("its GET /mempool answer has no transactions array");
        return finish();
    }
    page_.clear();
    next_ = 0;
    bool cut = false; // txs left out of this page
    for (const json::Value& one : txs->asArray()) {
        if (taken_ == kMaxTxs) {
            cut = true;
            break;
        }
        auto tx = txFromJson(one);
        if (!tx) {
            outcome_.offence = "a tx in its GET /mempool answer does not decode: " +
                               QString::fromStdString(tx.failure().toString());
            return finish();
        }
        page_.push_back(std::move(*tx));
        ++taken_;
    }
    // A page without a cursor is the last (MiniBitcoinPy's answer is its whole pool); one that
    // brings nothing, or a cursor that does not move on, ends the fetch as well.
    const json::Value* cursor = v->find("next_after");
    const auto nextAfter = cursor && cursor->isNumber() ? cursor->asUint64() : std::nullopt;
    if (cursor && !cursor->isNull() && !nextAfter) {
        outcome_.offence = QStringLiteral("its GET /mempool answer's next_after is not a "
                                          "sequence number");
        return finish();
    }
    lastPage_ = !nextAfter || page_.empty() || (after_ && *nextAfter <= *after_);
    after_ = nextAfter;
    if (cut ||
        (!lastPage_ && (taken_ == kMaxTxs || outcome_.pages == kMaxPages || bytes_ >= kMaxBytes))) {
        outcome_.stopped = QStringLiteral("it took the first %1 txs (%2 pages, %3 MB), as much "
                                          "as it takes from one peer's mempool")
                               .arg(taken_)
                               .arg(outcome_.pages)
                               .arg(bytes_ / 1'000'000);
        lastPage_ = true;
    }
    submitSlice();
}

void MempoolFetch::submitSlice() {
    if (wait_ && wait_()) {
        QTimer::singleShot(100, this, &MempoolFetch::submitSlice);
        return;
    }
    QElapsedTimer slice;
    slice.start();
    while (next_ < page_.size() && slice.elapsed() < kSliceMs) {
        Taken taken = Taken::Refused;
        std::optional<QString> offence;
        const qint64 before = slice.nsecsElapsed();
        try {
            offence = submit_(page_[next_++], taken);
        } catch (const std::exception& e) { // the store's trouble: the rest can wait for a sync
            outcome_.stopped = QStringLiteral("this node could not take its txs: %1").arg(e.what());
            outcome_.failed = true;
            return finish();
        }
        if (offence) {
            outcome_.offence = *offence;
            return finish();
        }
        const bool refused = taken == Taken::Refused || taken == Taken::MissingInputs;
        const std::size_t size =
            taken == Taken::MissingInputs ? encodedTxSize(page_[next_ - 1]) : 0;
        if (taken == Taken::MissingInputs && setAside_.size() < kMaxSetAside &&
            setAsideBytes_ + size <= kMaxSetAsideBytes) {
            setAsideBytes_ += size;
            setAside_.push_back(std::move(page_[next_ - 1])); // counted when it is done with
        } else {
            ++(taken == Taken::Accepted ? outcome_.accepted
               : taken == Taken::Held   ? outcome_.held
                                        : outcome_.refused);
        }
        if (refused && (refusedNs_ += slice.nsecsElapsed() - before) > kMaxRefusedMs * 1'000'000) {
            dropSetAside();
            outcome_.stopped = QStringLiteral("the %1 txs it refused took more than %2 ms to judge")
                                   .arg(outcome_.refused)
                                   .arg(kMaxRefusedMs);
            return finish();
        }
    }
    if (next_ < page_.size())
        QTimer::singleShot(0, this, &MempoolFetch::submitSlice);
    else if (lastPage_)
        retrySetAsideOrFinish();
    else
        requestPage();
}

// The txs set aside are tried again, in the order they came, while the round before took some
// (the first round: while the fetch took any), so a child listed before its parent gets in.
void MempoolFetch::retrySetAsideOrFinish() {
    if (setAside_.empty() || retryRound_ == kMaxRetryRounds ||
        outcome_.accepted == acceptedBeforeRound_)
        return finish();
    ++retryRound_;
    acceptedBeforeRound_ = outcome_.accepted;
    page_ = std::move(setAside_);
    setAside_.clear();
    setAsideBytes_ = 0;
    next_ = 0;
    QTimer::singleShot(0, this, &MempoolFetch::submitSlice);
}

void MempoolFetch::dropSetAside() {
    outcome_.refused += setAside_.size();
    setAside_.clear();
    setAsideBytes_ = 0;
    if (retryRound_ > 0) { // the rest of a retry round's page was set aside too
        outcome_.refused += page_.size() - next_;
        next_ = page_.size();
    }
}

void MempoolFetch::finish() {
    dropSetAside(); // their inputs never showed, or the fetch ended first
    page_.clear();
    if (done_)
        done_(outcome_);
    deleteLater();
}

} // namespace mbc::net
