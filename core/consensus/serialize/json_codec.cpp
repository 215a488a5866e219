#include "consensus/serialize/json_codec.h"

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"

#include <limits>
#include <string>

namespace mbc {
namespace {

json::Value inputToJson(const TxIn& in) {
    json::Value v;
    v.set("prev_txid", in.prevout.txid.hex());
    v.set("prev_index", in.prevout.index);
    v.set("signature", toHex(in.signature));
    v.set("pubkey", toHex(in.pubkey));
    return v;
}

json::Value outputToJson(const TxOut& out) {
    json::Value v;
    v.set("amount", out.amount);
    v.set("pubkey_hash", out.pubkeyHash.hex());
    return v;
}

// Thrown inside the decoders only; the public functions turn it into a bad-field Failure.
struct FieldError {
    std::string message;
};

// A JSON object being read, with its path for error messages.
class ObjectReader {
public:
    ObjectReader(const json::Value& v, std::string path)
        : v_(v)
        , path_(std::move(path)) {
        if (!v.isObject())
            throw FieldError{where() + "expected an object, got " +
                             std::string(json::Value::typeName(v.type()))};
    }

    std::string fieldPath(std::string_view key) const {
        return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    }

    const json::Value& required(std::string_view key) const {
        const json::Value* f = v_.find(key);
        if (f == nullptr)
            throw FieldError{fieldPath(key) + ": missing"};
        return *f;
    }
    const json::Value* optional(std::string_view key) const { return v_.find(key); }

    // The member `key`, which must be of `type`; `expected` describes it in the error.
    const json::Value& typed(std::string_view key, json::Value::Type type,
                             const std::string& expected) const {
        const json::Value& f = required(key);
        if (f.type() != type)
            throw FieldError{fieldPath(key) + ": expected " + expected + ", got " +
                             std::string(json::Value::typeName(f.type()))};
        return f;
    }

    std::int64_t integer(std::string_view key, std::int64_t min, std::int64_t max) const {
        const std::string range =
            "an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
        const json::Value& f = typed(key, json::Value::Type::Number, range);
        if (f.isNonIntegerNumber())
            throw FieldError{fieldPath(key) + ": expected " + range + ", got the non-integer " +
                             f.numberText()};
        const auto v = f.asInt64();
        if (!v || *v < min || *v > max)
            throw FieldError{fieldPath(key) + ": expected " + range + ", got " + f.numberText()};
        return *v;
    }

    const std::string& string(std::string_view key) const {
        return typed(key, json::Value::Type::String, "a string").asString();
    }

    template <std::size_t N>
    FixedBytes<N> fixedHex(std::string_view key) const {
        return parseFixedHex<N>(string(key), fieldPath(key));
    }

    Bytes hexBytes(std::string_view key) const {
        const std::string& s = string(key);
        auto bytes = fromHex(s);
        if (!bytes)
            throw FieldError{fieldPath(key) + ": expected an even number of hex digits"};
        return *bytes;
    }

    const json::Value::Array& array(std::string_view key) const {
        return typed(key, json::Value::Type::Array, "an array").asArray();
    }

    template <std::size_t N>
    static FixedBytes<N> parseFixedHex(const std::string& s, const std::string& path) {
        auto v = FixedBytes<N>::fromHex(s);
        if (!v) {
            if (s.size() != 2 * N)
                throw FieldError{path + ": expected " + std::to_string(2 * N) +
                                 " hex characters, got " + std::to_string(s.size())};
            throw FieldError{path + ": contains a character that is not a hex digit"};
        }
        return *v;
    }

private:
    std::string where() const { return path_.empty() ? std::string() : path_ + ": "; }

    const json::Value& v_;
    std::string path_;
};

std::string indexed(const std::string& path, std::string_view key, std::size_t i) {
    return (path.empty() ? std::string(key) : path + "." + std::string(key)) + "[" +
           std::to_string(i) + "]";
}

Transaction readTx(const json::Value& v, const std::string& path) {
    ObjectReader o(v, path);
    Transaction tx;
    tx.version =
        static_cast<std::int32_t>(o.integer("version", std::numeric_limits<std::int32_t>::min(),
                                            std::numeric_limits<std::int32_t>::max()));
    const auto& inputs = o.array("inputs");
    tx.inputs.reserve(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        ObjectReader in(inputs[i], indexed(path, "inputs", i));
        TxIn txin;
        txin.prevout.txid = in.fixedHex<32>("prev_txid");
        txin.prevout.index = static_cast<std::uint32_t>(in.integer("prev_index", 0, 0xFFFFFFFFll));
        txin.signature = in.hexBytes("signature");
        txin.pubkey = in.hexBytes("pubkey");
        tx.inputs.push_back(std::move(txin));
    }
    const auto& outputs = o.array("outputs");
    tx.outputs.reserve(outputs.size());
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        ObjectReader out(outputs[i], indexed(path, "outputs", i));
        TxOut txout;
        txout.amount = out.integer("amount", 0, MAX_MONEY);
        txout.pubkeyHash = out.fixedHex<20>("pubkey_hash");
        tx.outputs.push_back(txout);
    }
    tx.locktime = static_cast<std::uint32_t>(o.integer("locktime", 0, 0xFFFFFFFFll));

    if (const json::Value* given = o.optional("txid")) {
        const std::string txidPath = o.fieldPath("txid");
        if (!given->isString())
            throw FieldError{txidPath + ": expected a string"};
        const Hash256 claimed = ObjectReader::parseFixedHex<32>(given->asString(), txidPath);
        const Hash256 actual = computeTxid(tx);
        if (claimed != actual)
            throw FieldError{txidPath + ": " + claimed.hex() +
                             " does not match the transaction's contents (" + actual.hex() + ")"};
    }
    return tx;
}

BlockHeader readHeader(const json::Value& v, const std::string& path) {
    ObjectReader o(v, path);
    BlockHeader h;
    h.version =
        static_cast<std::int32_t>(o.integer("version", std::numeric_limits<std::int32_t>::min(),
                                            std::numeric_limits<std::int32_t>::max()));
    h.prevHash = o.fixedHex<32>("prev_hash");
    h.merkleRoot = o.fixedHex<32>("merkle_root");
    h.timestamp = static_cast<std::uint32_t>(o.integer("timestamp", 0, 0xFFFFFFFFll));
    const auto target = UInt256::fromHexQuantity(o.string("target"));
    if (!target)
        throw FieldError{o.fieldPath("target") +
                         ": expected \"0x\" followed by at most 64 significant hex digits"};
    h.target = *target;
    h.nonce = static_cast<std::uint32_t>(o.integer("nonce", 0, 0xFFFFFFFFll));
    return h;
}

template <typename T, typename Fn>
Result<T> decodeWith(Fn&& fn) {
    try {
        return fn();
    } catch (const FieldError& e) {
        return fail(RejectCode::BadField, e.message);
    }
}

} // namespace

json::Value txToJson(const Transaction& tx) {
    json::Value v;
    v.set("txid", computeTxid(tx).hex());
    v.set("version", static_cast<std::int64_t>(tx.version));
    json::Value::Array inputs, outputs;
    for (const TxIn& in : tx.inputs)
        inputs.push_back(inputToJson(in));
    for (const TxOut& out : tx.outputs)
        outputs.push_back(outputToJson(out));
    v.set("inputs", std::move(inputs));
    v.set("outputs", std::move(outputs));
    v.set("locktime", tx.locktime);
    return v;
}

json::Value headerToJson(const BlockHeader& h) {
    json::Value v;
    v.set("version", static_cast<std::int64_t>(h.version));
    v.set("prev_hash", h.prevHash.hex());
    v.set("merkle_root", h.merkleRoot.hex());
    v.set("timestamp", h.timestamp);
    v.set("target", h.target.toHexQuantity());
    v.set("nonce", h.nonce);
    return v;
}

json::Value blockToJson(const Block& block) {
    json::Value v;
    v.set("block_hash", blockHash(block.header).hex());
    v.set("header", headerToJson(block.header));
    json::Value::Array txs;
    txs.reserve(block.transactions.size());
    for (const Transaction& tx : block.transactions)
        txs.push_back(txToJson(tx));
    v.set("transactions", std::move(txs));
    return v;
}

Result<Transaction> txFromJson(const json::Value& value) {
    return decodeWith<Transaction>([&] { return readTx(value, ""); });
}

Result<BlockHeader> headerFromJson(const json::Value& value) {
    return decodeWith<BlockHeader>([&] { return readHeader(value, ""); });
}

Result<Block> blockFromJson(const json::Value& value) {
    return decodeWith<Block>([&] {
        ObjectReader o(value, "");
        Block block;
        block.header = readHeader(o.required("header"), "header");
        const auto& txs = o.array("transactions");
        block.transactions.reserve(txs.size());
        for (std::size_t i = 0; i < txs.size(); ++i)
            block.transactions.push_back(readTx(txs[i], indexed("", "transactions", i)));
        if (const json::Value* given = o.optional("block_hash")) {
            if (!given->isString())
                throw FieldError{"block_hash: expected a string"};
            const Hash256 claimed =
                ObjectReader::parseFixedHex<32>(given->asString(), "block_hash");
            const Hash256 actual = blockHash(block.header);
            if (claimed != actual)
                throw FieldError{"block_hash: " + claimed.hex() + " does not match the header (" +
                                 actual.hex() + ")"};
        }
        return block;
    });
}

Result<json::Value> parseJson(std::string_view text, json::ParseLimits limits) {
    auto parsed = json::parse(text, limits);
    if (auto* err = std::get_if<json::ParseError>(&parsed))
        return fail(RejectCode::BadJson,
                    "invalid JSON at byte " + std::to_string(err->offset) + ": " + err->message);
    return std::get<json::Value>(std::move(parsed));
}

} // namespace mbc
