#include "net/chain_stream.h"

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "net/json_views.h"
#include "store/sql_chain_queries.h"

#include <memory>
#include <stdexcept>

namespace mbc::net {
namespace {

constexpr std::uint32_t kBlocksPerSlice = 100;
constexpr std::uint64_t kBytesPerSlice = 512'000; // of blocks: about twice that as JSON

QByteArray jsonText(const json::Value& v) {
    return QByteArray::fromStdString(json::write(v));
}

// The answer's pieces: the head, then slices of blocks, then the close.
class ChainSlices {
public:
    explicit ChainSlices(std::optional<ChainPage> page)
        : page_(page)
        , first_(page ? page->from : 0)
        , next_(first_) {}

    std::optional<QByteArray> next(store::SqlChainQueries& queries) {
        if (!opened_) {
            opened_ = true;
            tip_ = queries.activeTip();
            end_ = page_ ? std::min(tip_.height, page_->from + page_->limit - 1) : tip_.height;
            return head();
        }
        if (closed_)
            return std::nullopt;
        if (next_ > end_) {
            // The head named the tip: a branch as long that replaced it would contradict it.
            if (end_ == tip_.height && tip_.hash && last_ != tip_.hash)
                throw std::runtime_error("the active chain changed under GET /chain");
            closed_ = true;
            return QByteArray("]}");
        }
        return slice(queries);
    }

private:
    QByteArray head() const {
        QByteArray out = "{\"height\":" + jsonText(tip_.height) + ",\"tip_hash\":" +
                         jsonText(tip_.hash ? json::Value(tip_.hash->hex()) : json::Value(nullptr));
        if (page_) {
            const std::int64_t after = page_->from + page_->limit;
            out += ",\"from\":" + jsonText(page_->from) + ",\"next_from\":" +
                   jsonText(after <= tip_.height ? json::Value(after) : json::Value(nullptr));
        }
        return out + ",\"blocks\":[";
    }

    QByteArray slice(store::SqlChainQueries& queries) {
        const auto count =
            static_cast<std::uint32_t>(std::min<std::int64_t>(kBlocksPerSlice, end_ - next_ + 1));
        const auto stored =
            queries.activeBlocks(static_cast<std::uint32_t>(next_), count, kBytesPerSlice);
        if (stored.empty())
            throw std::runtime_error("the active chain changed under GET /chain");
        QByteArray out;
        for (const auto& b : stored) {
            auto block = decodeBlock(b.bytes);
            if (!block)
                throw std::runtime_error("stored block " + b.record.hash.hex() + " is corrupt");
            if (b.record.height != next_ || (last_ && block->header.prevHash != *last_))
                throw std::runtime_error("the active chain changed under GET /chain");
            if (next_ > first_)
                out += ',';
            out += jsonText(blockWithHeight(*block, b.record.height));
            last_ = b.record.hash;
            ++next_;
        }
        return out;
    }

    std::optional<ChainPage> page_;
    ChainTip tip_;
    std::int64_t first_;
    std::int64_t next_;    // the next height to send
    std::int64_t end_ = 0; // the last height to send
    std::optional<Hash256> last_;
    bool opened_ = false;
    bool closed_ = false;
};

} // namespace

ApiStream activeChainStream(std::optional<ChainPage> page) {
    auto slices = std::make_shared<ChainSlices>(page);
    return ApiStream{"application/json",
                     [slices](store::SqlChainQueries& queries) { return slices->next(queries); }};
}

} // namespace mbc::net
