#include "net/chain_stream.h"

#include "consensus/json/json_codec.h"
#include "consensus/serialize/block_serialize.h"
#include "net/json_views.h"
#include "node/node.h"

#include <memory>
#include <stdexcept>

namespace mbc::net {
namespace {

constexpr std::uint32_t kBlocksPerSlice = 100;
constexpr std::uint64_t kBytesPerSlice = 4'000'000;

QByteArray jsonText(const json::Value& v) {
    return QByteArray::fromStdString(json::write(v));
}

// The answer's pieces: the head, then slices of blocks, then the close.
class ChainSlices {
public:
    ChainSlices(node::Node& node, std::optional<ChainPage> page)
        : node_(node)
        , page_(page)
        , tip_(node.tip())
        , first_(page ? page->from : 0)
        , next_(first_)
        , end_(page ? std::min(tip_.height, page->from + page->limit - 1) : tip_.height) {}

    std::optional<QByteArray> next() {
        if (!opened_) {
            opened_ = true;
            return head();
        }
        if (closed_)
            return std::nullopt;
        if (next_ > end_) {
            closed_ = true;
            return QByteArray("]}");
        }
        return slice();
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

    QByteArray slice() {
        const auto count =
            static_cast<std::uint32_t>(std::min<std::int64_t>(kBlocksPerSlice, end_ - next_ + 1));
        const auto stored =
            node_.queries().activeBlocks(static_cast<std::uint32_t>(next_), count, kBytesPerSlice);
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

    node::Node& node_;
    std::optional<ChainPage> page_;
    ChainTip tip_;
    std::int64_t first_;
    std::int64_t next_; // the next height to send
    std::int64_t end_;  // the last height to send
    std::optional<Hash256> last_;
    bool opened_ = false;
    bool closed_ = false;
};

} // namespace

ApiStream activeChainStream(node::Node& node, std::optional<ChainPage> page) {
    auto slices = std::make_shared<ChainSlices>(node, page);
    return ApiStream{"application/json", [slices] { return slices->next(); }};
}

} // namespace mbc::net
