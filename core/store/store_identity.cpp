#include "store/store_identity.h"

#include <QVariant>

#include <string>
#include <utility>
#include <vector>

namespace mbc::store {

void checkStoreIdentity(Database& db, const NetworkParams& params) {
    const std::vector<std::pair<QString, QString>> expected = {
        {"network", QString::fromStdString(params.name)},
        {"genesis_target", QString::fromStdString(params.genesisTarget.toHexQuantity())},
        {"block_reward", QString::number(params.blockReward)},
    };
    Database::Transaction tx(db);
    for (const auto& [key, value] : expected) {
        QSqlQuery& read = db.prepare("SELECT value FROM meta WHERE key = ?");
        read.addBindValue(key);
        db.run(read);
        const bool known = read.next();
        const QString stored = known ? read.value(0).toString() : QString();
        read.finish();
        if (!known) {
            QSqlQuery& write = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
            write.addBindValue(key);
            write.addBindValue(value);
            db.run(write);
        } else if (stored != value) {
            throw StoreError(QStringLiteral("%1 holds a chain with %2 %3, but this node is "
                                            "configured with %2 %4; use the same settings or "
                                            "another data directory / database")
                                 .arg(db.location().describe(), key, stored, value)
                                 .toStdString(),
                             StoreError::Kind::OtherChain, db.location().displayName(), stored);
        }
    }
    tx.commit();
}

} // namespace mbc::store
