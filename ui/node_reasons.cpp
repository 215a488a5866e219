#include "ui/node_reasons.h"

namespace mbc::ui {

QString NodeReasons::rejection(const Failure& failure) {
    return tr("%1 (%2)").arg(
        rejectionReason(failure.code),
        QString::fromLatin1(failure.codeName().data(), qsizetype(failure.codeName().size())));
}

QString NodeReasons::rejectionReason(RejectCode code) {
    switch (code) {
    case RejectCode::DecodeTruncated:
        return tr("the data ends too early");
    case RejectCode::DecodeTrailingBytes:
        return tr("there are extra bytes after the data");
    case RejectCode::DecodeCountTooLarge:
        return tr("a count in the data is too large");
    case RejectCode::DecodeNonCanonicalVarint:
        return tr("a number in the data is not in its shortest form");
    case RejectCode::BadJson:
        return tr("the JSON cannot be read");
    case RejectCode::BadField:
        return tr("a field is missing or has a wrong value");
    case RejectCode::TxInputsEmpty:
        return tr("the transaction spends no coins");
    case RejectCode::TxOutputsEmpty:
        return tr("the transaction pays nobody");
    case RejectCode::TxDuplicateInputs:
        return tr("the transaction spends the same coin twice");
    case RejectCode::TxOutputNegative:
        return tr("an output's amount is negative");
    case RejectCode::TxOutputTooLarge:
        return tr("an output's amount is larger than all coins there can be");
    case RejectCode::TxOutputTotalTooLarge:
        return tr("the outputs together are larger than all coins there can be");
    case RejectCode::TxCoinbaseOutsideBlock:
        return tr("a coinbase transaction can only be the first of a block");
    case RejectCode::TxNullPrevout:
        return tr("an input names no coin");
    case RejectCode::TxOversize:
        return tr("the transaction is too large");
    case RejectCode::TxInputMissingOrSpent:
        return tr("a coin it spends does not exist or is already spent");
    case RejectCode::TxMempoolConflict:
        return tr("a transaction waiting in the mempool already spends one of its coins");
    case RejectCode::TxPubkeyInvalid:
        return tr("an input's public key is not valid");
    case RejectCode::TxPubkeyHashMismatch:
        return tr("an input's public key does not own the coin it spends");
    case RejectCode::TxSignatureInvalid:
        return tr("a signature is not valid");
    case RejectCode::TxInputValuesOutOfRange:
        return tr("the coins it spends add up to more than all coins there can be");
    case RejectCode::TxInBelowOut:
        return tr("it pays out more than the coins it spends");
    case RejectCode::BlockPrevNotFound:
        return tr("the block's parent is unknown");
    case RejectCode::BlockBadPrev:
        return tr("the block builds on a block that is not valid");
    case RejectCode::BlockBadTarget:
        return tr("the block's target is not the one required at its height");
    case RejectCode::BlockHighHash:
        return tr("the block's hash is above its target (not enough proof of work)");
    case RejectCode::BlockTimeTooNew:
        return tr("the block's time is too far in the future");
    case RejectCode::BlockTimeTooOld:
        return tr("the block's time is too early");
    case RejectCode::BlockOversize:
        return tr("the block has too many transactions or bytes");
    case RejectCode::BlockCoinbaseMissing:
        return tr("the block does not start with a coinbase transaction");
    case RejectCode::BlockCoinbaseMultiple:
        return tr("the block has more than one coinbase transaction");
    case RejectCode::BlockCoinbaseMalformed:
        return tr("the block's coinbase transaction is malformed");
    case RejectCode::BlockBadMerkleRoot:
        return tr("the block's merkle root does not match its transactions");
    case RejectCode::BlockDuplicateTx:
        return tr("the block holds the same transaction twice");
    case RejectCode::BlockTxAlreadyInChain:
        return tr("the block holds a transaction that is already in the chain");
    case RejectCode::BlockDoubleSpend:
        return tr("two transactions of the block spend the same coin");
    case RejectCode::BlockFeesOutOfRange:
        return tr("the block's fees add up to more than all coins there can be");
    case RejectCode::BlockCoinbaseAmount:
        return tr("the coinbase pays more than the reward and the fees");
    case RejectCode::BlockDuplicate:
        return tr("the node already has this block");
    case RejectCode::BlockDuplicateInvalid:
        return tr("the node already found this block invalid");
    case RejectCode::BlockParentInvalid:
        return tr("the block builds on a block found invalid");
    case RejectCode::BlockOrphan:
        return tr("the block's parent is not known yet");
    case RejectCode::BlockForkTooLight:
        return tr("the block is on a branch too far behind the chain to keep");
    case RejectCode::OrphanTargetTooEasy:
        return tr("the block's parent is unknown and its target is easier than the network "
                  "allows at its start");
    case RejectCode::TxAlreadyInMempool:
        return tr("the transaction is already in the mempool");
    case RejectCode::TxAlreadyKnown:
        return tr("the transaction is already confirmed");
    case RejectCode::TxTooLarge:
        return tr("the transaction is larger than the mempool accepts");
    case RejectCode::TxFeeTooLow:
        return tr("the fee is below the minimum the node relays");
    case RejectCode::MempoolFull:
        return tr("the mempool is full of transactions that pay a higher fee per byte");
    }
    return tr("the node refused it");
}

QString NodeReasons::peerRefusal(const node::PeerRefusal& refusal) {
    using Reason = node::PeerRefusal::Reason;
    switch (refusal.reason) {
    case Reason::OwnAddress:
        return tr("%1 is this node's own address").arg(refusal.url);
    case Reason::Banned:
        return tr("%1 is banned for a while: it sent invalid data").arg(refusal.url);
    case Reason::Forbidden:
        return tr("%1 leads to an address this node does not connect to (%2)")
            .arg(refusal.url, refusal.detail);
    case Reason::NotFromItsHost:
        return tr("%1 is not on the host that announced it (%2)").arg(refusal.url, refusal.detail);
    case Reason::TooManyPeers:
        break;
    }
    return tr("this node already has %n peer(s), its most (MAX_PEERS)", nullptr, refusal.maxPeers);
}

QString NodeReasons::syncFailure(const node::SyncResult& result) {
    using node::SyncFailure;
    switch (result.failure) {
    case SyncFailure::None:
        break;
    case SyncFailure::Banned:
        return tr("the peer is banned for a while: it sent invalid data");
    case SyncFailure::Unreachable:
        return tr("the peer did not answer (%1)").arg(result.detail);
    case SyncFailure::NotANode:
        return tr("the peer is not a MiniBitcoin node");
    case SyncFailure::OtherNetwork:
        return tr("the peer is on another network (%1)").arg(result.detail);
    case SyncFailure::MalformedData:
        return tr("the peer sent data that cannot be read: %1")
            .arg(result.rejection ? rejection(*result.rejection) : QString());
    case SyncFailure::InvalidBlock:
        return tr("the peer sent an invalid block: %1")
            .arg(result.rejection ? rejection(*result.rejection) : QString());
    case SyncFailure::UnconnectedBlock:
        return tr("the peer sent a block that does not connect to the chain");
    case SyncFailure::StorageFailure:
        return tr("this node's database failed or is unavailable (%1); the node syncs again "
                  "once it works")
            .arg(result.detail);
    case SyncFailure::Stalled:
        return tr("the peer served only blocks this node has, though its headers promised more");
    case SyncFailure::Busy:
        return tr("too many syncs are waiting already; try again later");
    }
    return tr("the sync did not finish");
}

QString NodeReasons::miningStop(node::MiningStop why) {
    switch (why) {
    case node::MiningStop::Stopped:
        break;
    case node::MiningStop::StoppedByApi:
        return tr("mining was stopped through the REST API");
    case node::MiningStop::ShuttingDown:
        return tr("the node is shutting down");
    case node::MiningStop::StoreFailed:
        return tr("the database failed while the node took a mined block");
    case node::MiningStop::StoreUnavailable:
        return tr("the database is unavailable; mining goes on once it is back");
    }
    return tr("mining was stopped");
}

QString NodeReasons::startFailure(const node::StartFailure& failure) {
    using Reason = node::StartFailure::Reason;
    switch (failure.reason) {
    case Reason::DataDirectory:
        return tr("the data folder %1 cannot be created or written; choose another in "
                  "Settings")
            .arg(failure.where);
    case Reason::NotPrivate:
        return tr("%1 is not safe to use: it belongs to another user, is a link, or others "
                  "can change or read it; choose another data folder in Settings")
            .arg(failure.where);
    case Reason::DataDirectoryInUse:
        return tr("the data folder %1 is in use by another MiniBitcoin (process %2); close it, "
                  "or choose another data folder in Settings")
            .arg(failure.where, failure.detail);
    case Reason::BadDatabaseUrl:
        return tr("the database URL is not of the form postgresql://user:password@host:port/"
                  "name; fix it in Settings or DATABASE_URL");
    case Reason::DriverMissing:
        return tr("the database driver is not installed: install the Debian package %1")
            .arg(failure.where);
    case Reason::DatabaseUnopened:
        return tr("the database %1 cannot be opened (%2)").arg(failure.where, failure.detail);
    case Reason::StoreTooNew:
        return tr("the database %1 was written by a newer MiniBitcoin; upgrade, or choose "
                  "another data folder or database")
            .arg(failure.where);
    case Reason::StoreOfOtherChain:
        return tr("the database %1 holds the chain of another network (%2); choose that "
                  "network, or another data folder or database")
            .arg(failure.where, failure.detail);
    case Reason::StoreCorrupt:
        return tr("the database %1 is damaged (%2); restore it from a backup, or set it aside "
                  "and start again: the node then syncs the chain again from its peers (the "
                  "wallet, kept apart, is not touched)")
            .arg(failure.where, failure.detail);
    case Reason::StoreFailed:
        break;
    case Reason::CannotListen:
        return tr("the node cannot listen on %1 (%2); choose another REST port in Settings")
            .arg(failure.where, failure.detail);
    }
    if (failure.where.isEmpty())
        return tr("the database failed (%1)").arg(failure.detail);
    return tr("the database %1 failed (%2)").arg(failure.where, failure.detail);
}

} // namespace mbc::ui
