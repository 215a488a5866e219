#include "ui/validation_page.h"

#include "consensus/serialize/json_codec.h"
#include "node/node_interface.h"
#include "ui/amount_text.h"
#include "ui/client_model.h"
#include "ui/node_reasons.h"
#include "ui/node_thread.h"
#include "ui/rule_step_table_model.h"
#include "ui/rule_texts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace mbc::ui {
namespace {

// How long a reseal looks for a nonce: the default network needs about a million hashes, a
// second or so; the window waits meanwhile.
constexpr std::chrono::milliseconds kResealBudget{3000};

QString jsonText(const CheckSubject& subject) {
    const json::Value v = std::holds_alternative<Block>(subject)
                              ? blockToJson(std::get<Block>(subject))
                              : txToJson(std::get<Transaction>(subject));
    return QString::fromStdString(json::write(v, 2));
}

} // namespace

ValidationPage::ValidationPage(ClientModel& model, QWidget* parent)
    : Page(parent)
    , model_(model)
    , heading_(makeHeading())
    , intro_(new QLabel(this))
    , input_(new QPlainTextEdit(this))
    , checkButton_(new QPushButton(this))
    , changes_(new QComboBox(this))
    , reseal_(new QCheckBox(this))
    , applyButton_(new QPushButton(this))
    , changed_(new QLabel(this))
    , verdict_(new QLabel(this))
    , steps_(new RuleStepTableModel(this))
    , stepsView_(new QTableView(this))
    , facts_(new QTextBrowser(this)) {
    input_->setObjectName("validationInput");
    checkButton_->setObjectName("validationCheckButton");
    changes_->setObjectName("validationChange");
    reseal_->setObjectName("validationReseal");
    applyButton_->setObjectName("validationApplyButton");
    changed_->setObjectName("validationChanged");
    verdict_->setObjectName("validationVerdict");
    stepsView_->setObjectName("validationSteps");
    facts_->setObjectName("validationFacts");
    intro_->setWordWrap(true);
    changed_->setWordWrap(true);
    changed_->setTextFormat(Qt::PlainText);
    verdict_->setWordWrap(true);
    verdict_->setTextFormat(Qt::PlainText);
    input_->setLineWrapMode(QPlainTextEdit::NoWrap);
    input_->setMaximumHeight(150);
    reseal_->setChecked(true);
    stepsView_->setModel(steps_);
    stepsView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    stepsView_->setSelectionMode(QAbstractItemView::SingleSelection);
    stepsView_->verticalHeader()->hide();
    stepsView_->horizontalHeader()->setSectionResizeMode(RuleStepTableModel::RuleColumn,
                                                         QHeaderView::Stretch);

    auto* checkRow = new QHBoxLayout;
    checkRow->addWidget(checkButton_);
    checkRow->addStretch(1);
    auto* labRow = new QHBoxLayout;
    labRow->addWidget(changes_, 1);
    labRow->addWidget(reseal_);
    labRow->addWidget(applyButton_);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(stepsView_);
    split->addWidget(facts_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading_);
    layout->addWidget(intro_);
    layout->addWidget(input_);
    layout->addLayout(checkRow);
    layout->addLayout(labRow);
    layout->addWidget(changed_);
    layout->addWidget(verdict_);
    layout->addWidget(split, 1);

    connect(checkButton_, &QPushButton::clicked, this, &ValidationPage::checkInput);
    connect(applyButton_, &QPushButton::clicked, this, &ValidationPage::applyChange);
    connect(stepsView_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showFacts(current.row()); });
    retranslate();
}

void ValidationPage::retranslate() {
    heading_->setText(tr("Validation X-ray"));
    intro_->setText(tr("Paste a block or a transaction as JSON, or open one from the Explorer: "
                       "the node checks it as it would check one from a peer, and shows every "
                       "rule in its order with the values it compared. Then change one field "
                       "and see which rule catches it. Nothing is stored or sent."));
    input_->setPlaceholderText(tr("{\"header\": {...}, \"transactions\": [...]} or "
                                  "{\"inputs\": [...], \"outputs\": [...]}"));
    checkButton_->setText(tr("Check"));
    reseal_->setText(tr("Then seal the block again (merkle root, nonce)"));
    reseal_->setToolTip(tr("As a forger would: recompute the merkle root and look for a nonce, "
                           "so that the rules behind the proof of work get their turn."));
    applyButton_->setText(tr("Change and check"));
    fillChanges();
    if (report_)
        verdict_->setText(verdictText(*report_));
}

void ValidationPage::fillChanges() {
    changes_->clear();
    if (!subject_) {
        changes_->addItem(tr("Check something first, then change one field of it"));
        changes_->setEnabled(false);
        applyButton_->setEnabled(false);
        return;
    }
    for (ValidationLab::Change c : ValidationLab::changesFor(*subject_))
        changes_->addItem(ValidationLab::title(c), int(c));
    changes_->setEnabled(true);
    applyButton_->setEnabled(true);
    reseal_->setEnabled(std::holds_alternative<Block>(*subject_));
}

void ValidationPage::openLink(const QString& link) {
    const QStringList parts = link.split(':');
    const auto hash = parts.size() == 3 ? Hash256::fromHex(parts[2].toStdString()) : std::nullopt;
    const QStringList kinds{QStringLiteral("block"), QStringLiteral("tx"),
                            QStringLiteral("refused")};
    if (!hash || parts[0] != QStringLiteral("check") || !kinds.contains(parts[1]))
        return;
    const bool refused = parts[1] == QStringLiteral("refused"); // a block the Log shows
    const bool block = refused || parts[1] == QStringLiteral("block");
    const Hash256 id = *hash;
    model_.node().ask<std::optional<CheckSubject>>(
        [block, refused, id](node::NodeInterface& n) -> std::optional<CheckSubject> {
            if (refused) {
                if (auto b = n.refusedBlock(id))
                    return CheckSubject(std::move(*b));
            } else if (block) {
                if (auto b = n.blockBody(id))
                    return CheckSubject(std::move(*b));
            } else if (auto t = n.transaction(id)) {
                return CheckSubject(std::move(t->tx));
            }
            return std::nullopt;
        },
        this,
        [this, block, refused](std::optional<CheckSubject> found) {
            if (!found) {
                showOutcome(verdict_,
                            refused ? tr("The node no longer keeps this refused block (it keeps "
                                         "the last few).")
                            : block ? tr("This node has no such block.")
                                    : tr("This node has no such transaction."),
                            true);
                return;
            }
            checkSubject(*found);
        });
}

void ValidationPage::checkSubject(const CheckSubject& subject) {
    input_->setPlainText(jsonText(subject));
    changed_->clear();
    check(subject, true);
}

void ValidationPage::checkInput() {
    const QByteArray text = input_->toPlainText().toUtf8();
    const auto parsed = parseJson(std::string_view(text.constData(), std::size_t(text.size())));
    if (!parsed) {
        showOutcome(verdict_,
                    tr("This is not JSON: %1").arg(NodeReasons::rejection(parsed.failure())), true);
        return;
    }
    const json::Value& v = *parsed;
    if (v.isObject() && v.find("header") && v.find("transactions")) {
        auto block = blockFromJson(v);
        if (!block) {
            showOutcome(
                verdict_,
                tr("This is not a block: %1").arg(QString::fromStdString(block.failure().message)),
                true);
            return;
        }
        changed_->clear();
        check(std::move(block).value(), true);
        return;
    }
    auto tx = txFromJson(v);
    if (!tx) {
        showOutcome(verdict_,
                    tr("This is neither a block (header and transactions) nor a transaction: %1")
                        .arg(QString::fromStdString(tx.failure().message)),
                    true);
        return;
    }
    changed_->clear();
    check(std::move(tx).value(), true);
}

void ValidationPage::applyChange() {
    if (!subject_ || changes_->currentIndex() < 0)
        return;
    CheckSubject changed = *subject_;
    const auto change = ValidationLab::Change(changes_->currentData().toInt());
    QString what = ValidationLab::apply(change, changed, QDateTime::currentSecsSinceEpoch());
    if (what.isEmpty()) {
        showOutcome(changed_,
                    tr("That change does not apply here (a block with no payment has "
                       "no signature to change)."),
                    true);
        return;
    }
    auto* block = std::get_if<Block>(&changed);
    // The nonce and target changes are about the proof of work itself: not sealed again.
    if (block && reseal_->isChecked() && change != ValidationLab::Change::NonceMiss &&
        change != ValidationLab::Change::TargetHalved) {
        what += ValidationLab::reseal(*block, kResealBudget)
                    ? tr("; sealed again: new merkle root, nonce %1").arg(block->header.nonce)
                    : tr("; sealed again, but no nonce found in %1 seconds")
                          .arg(kResealBudget.count() / 1000);
    }
    showOutcome(changed_, tr("Changed: %1").arg(what));
    input_->setPlainText(jsonText(changed));
    check(std::move(changed), false);
}

void ValidationPage::check(CheckSubject subject, bool labBase) {
    if (labBase) { // the lab changes this one, one field at a time
        subject_ = subject;
        fillChanges();
    }
    const quint64 request = ++request_;
    verdict_->setText(tr("Checking..."));
    model_.node().ask<node::ValidationReport>(
        [subject = std::move(subject)](node::NodeInterface& n) {
            if (const auto* block = std::get_if<Block>(&subject))
                return n.checkBlock(*block);
            return n.checkTransaction(std::get<Transaction>(subject));
        },
        this,
        [this, request](node::ValidationReport report) {
            if (request == request_) // only the latest is shown
                show(report);
        });
}

QString ValidationPage::verdictText(const node::ValidationReport& r) const {
    const bool block = r.subject == node::ValidationReport::Subject::Block;
    QString against;
    const std::int64_t h = r.height.value_or(0);
    switch (r.againstKind) {
    case node::ValidationReport::Against::ChainBeforeIt:
        against = h == 0 ? tr("an empty chain (it is a genesis block)")
                         : tr("the chain up to height %1, as it was before this block").arg(h - 1);
        break;
    case node::ValidationReport::Against::TipAndMempool:
        against = tr("the chain's tip and the transactions waiting in the mempool");
        break;
    case node::ValidationReport::Against::ItsBlock:
        against = tr("its block at height %1, as the chain was before it").arg(h);
        break;
    case node::ValidationReport::Against::SideBranch:
        against = tr("its parent on a side branch: only the header and structure rules (the node "
                     "keeps the coins of the active chain only)");
        break;
    case node::ValidationReport::Against::OtherGenesis:
        against = tr("nothing: it is a genesis block other than this chain's, so only its header "
                     "and structure rules apply");
        break;
    case node::ValidationReport::Against::NoParent:
        against = tr("nothing: this node does not know its parent");
        break;
    }
    QString text;
    if (r.valid()) {
        const int rules = int(r.steps.size() + r.omittedPasses);
        text = block ? tr("Valid block: all %1 rules checked passed.").arg(rules)
                     : tr("Valid transaction: all %1 rules checked passed.").arg(rules);
        if (r.fee)
            text += ' ' + tr("Fee: %1 coins.").arg(coinsText(*r.fee));
    } else {
        text = (block ? tr("Invalid block: %1") : tr("Invalid transaction: %1"))
                   .arg(NodeReasons::rejection(*r.failure));
    }
    text += ' ' + tr("Checked against %1.").arg(against);
    if (r.omittedPasses > 0)
        text += ' ' + tr("(%1 passing rules are not listed.)").arg(r.omittedPasses);
    return text + ' ' + tr("Dry run: nothing was stored or sent.");
}

void ValidationPage::show(const node::ValidationReport& report) {
    report_ = report;
    showOutcome(verdict_, verdictText(report), !report.valid());
    steps_->setSteps(report.steps);
    const int failing = steps_->failingRow();
    const int row = failing >= 0 ? failing : (steps_->rowCount() > 0 ? 0 : -1);
    if (row >= 0) {
        stepsView_->selectRow(row);
        stepsView_->scrollTo(steps_->index(row, 0));
    }
    showFacts(row);
    emit reportShown();
}

void ValidationPage::showFacts(int row) {
    if (row < 0 || row >= steps_->rowCount()) {
        facts_->clear();
        return;
    }
    const RuleStep& s = steps_->steps()[std::size_t(row)];
    const QString code = RuleTexts::code(s);
    QString html = QStringLiteral("<h3>%1</h3><p>%2 &mdash; <code>%3</code> (%4)</p><table>")
                       .arg(RuleTexts::question(s.rule).toHtmlEscaped(),
                            (s.passed() ? tr("passed") : tr("FAILED")).toHtmlEscaped(),
                            code.toHtmlEscaped(), RuleTexts::where(s).toHtmlEscaped());
    for (const RuleFact& f : s.facts)
        html += QStringLiteral("<tr><th align=left>%1</th><td>%2</td></tr>")
                    .arg(RuleTexts::factName(f.name).toHtmlEscaped(),
                         RuleTexts::factValue(f).toHtmlEscaped());
    html += "</table>";
    if (s.failure)
        html += QStringLiteral("<p style=\"color:#b00020\">%1</p><p><small>%2</small></p>")
                    .arg(NodeReasons::rejection(*s.failure).toHtmlEscaped(),
                         QString::fromStdString(s.failure->message).toHtmlEscaped());
    facts_->setHtml(html);
}

} // namespace mbc::ui
