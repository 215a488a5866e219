// Merkle roots (vectors/merkle.json) and proofs for every tx of every vector.
#include <QTest>

#include "consensus/crypto/merkle.h"
#include "support/test_data.h"
#include "support/vector_rows.h"

using namespace mbc;
using namespace mbc::test;

namespace {
std::vector<Hash256> leavesOf(const json::Value& v) {
    std::vector<Hash256> leaves;
    for (const auto& t : field(v, "txids").asArray())
        leaves.push_back(*Hash256::fromHex(t.asString()));
    return leaves;
}
} // namespace

class TestMerkle : public QObject {
    Q_OBJECT
private slots:
    void vectors_data() {
        addVectorRows("merkle.json", [](const json::Value& entry, std::size_t) {
            return std::to_string(leavesOf(entry).size()) + " leaves";
        });
    }
    void vectors() {
        const json::Value v = vectorEntry("merkle.json");
        const auto leaves = leavesOf(v);
        const Hash256 root = *Hash256::fromHex(stringField(v, "root"));
        QCOMPARE(merkleRoot(leaves), root);
        for (std::size_t i = 0; i < leaves.size(); ++i) {
            const auto proof = makeMerkleProof(leaves, i);
            QVERIFY(proof.has_value());
            QVERIFY2(verifyMerkleProof(leaves[i], *proof, root),
                     ("proof for leaf " + std::to_string(i)).c_str());
            // The proof is for this leaf only.
            const Hash256& other = leaves[(i + 1) % leaves.size()];
            if (other != leaves[i])
                QVERIFY(!verifyMerkleProof(other, *proof, root));
        }
        QVERIFY(!makeMerkleProof(leaves, leaves.size()).has_value());
    }

    void emptyTreeHasZeroRoot() { QVERIFY(merkleRoot({}).isZero()); }

    void tamperedProofsFail() {
        const auto v = loadVectorEntries("merkle.json").at(4); // 5 leaves: an odd level
        const auto leaves = leavesOf(v);
        const Hash256 root = merkleRoot(leaves);
        const MerkleProof good = *makeMerkleProof(leaves, 4);
        QVERIFY(verifyMerkleProof(leaves[4], good, root));

        MerkleProof p = good;
        p.siblings[1].bytes[0] ^= 1;
        QVERIFY(!verifyMerkleProof(leaves[4], p, root));

        p = good;
        p.siblings.push_back(root);
        QVERIFY(!verifyMerkleProof(leaves[4], p, root));

        p = good;
        p.siblings.pop_back();
        QVERIFY(!verifyMerkleProof(leaves[4], p, root));

        p = good;
        p.index = 5; // out of range for 5 leaves
        QVERIFY(!verifyMerkleProof(leaves[4], p, root));

        p = good;
        p.leafCount = 0;
        QVERIFY(!verifyMerkleProof(leaves[4], p, root));

        // Leaf 4 is the unpaired last node: its first sibling must be itself.
        p = good;
        QCOMPARE(p.siblings[0], leaves[4]);
        p.siblings[0] = leaves[3];
        QVERIFY(!verifyMerkleProof(leaves[4], p, root));
    }
};

QTEST_APPLESS_MAIN(TestMerkle)
#include "tst_merkle.moc"
