#include "ui/wallet_setup.h"
#include "ui/named_widget.h"

#include "ui/wallet_model.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRandomGenerator>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace mbc::ui {
namespace {

enum Step { Choose, ShowWords, ConfirmWords };

} // namespace

QString numberedWords(const QString& words) {
    const QStringList list = words.split(' ', Qt::SkipEmptyParts);
    QString out;
    for (int i = 0; i < list.size(); ++i)
        out += QStringLiteral("%1. %2").arg(i + 1, 2).arg(list[i], -10) +
               ((i + 1) % 4 == 0 ? "\n" : "  ");
    while (out.endsWith(' ') || out.endsWith('\n'))
        out.chop(1);
    return out;
}

WalletSetup::WalletSetup(WalletModel& model, QWidget* parent)
    : QWidget(parent)
    , model_(model)
    , steps_(new QStackedWidget(this))
    , intro_(new QLabel(this))
    , passphraseCaption_(new QLabel(this))
    , passphrase_(secretField(this, "newPassphrase"))
    , repeatCaption_(new QLabel(this))
    , repeat_(secretField(this, "repeatPassphrase"))
    , wordCount_(named<QComboBox>(this, "wordCount"))
    , createButton_(named<QPushButton>(this, "createWalletButton"))
    , restoreIntro_(new QLabel(this))
    , restoreWords_(named<QPlainTextEdit>(this, "restoreWords"))
    , restoreButton_(named<QPushButton>(this, "restoreWalletButton"))
    , restoreBackupButton_(named<QPushButton>(this, "restoreBackupButton"))
    , wordsIntro_(new QLabel(this))
    , words_(named<QLabel>(this, "newRecoveryWords"))
    , writtenButton_(named<QPushButton>(this, "wordsWrittenButton"))
    , backButton_(named<QPushButton>(this, "wordsBackButton"))
    , confirmIntro_(new QLabel(this))
    , firstCaption_(named<QLabel>(this, "confirmFirstCaption"))
    , first_(named<QLineEdit>(this, "confirmFirstWord"))
    , secondCaption_(named<QLabel>(this, "confirmSecondCaption"))
    , second_(named<QLineEdit>(this, "confirmSecondWord"))
    , confirmButton_(named<QPushButton>(this, "confirmWordsButton"))
    , showAgainButton_(named<QPushButton>(this, "showWordsAgainButton")) {
    for (QLabel* l : {intro_, restoreIntro_, wordsIntro_, confirmIntro_})
        l->setWordWrap(true);
    words_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    words_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    words_->setStyleSheet("padding: 8px; border: 1px solid palette(mid);");
    restoreWords_->setMaximumHeight(80);
    wordCount_->addItem(QString(), 12);
    wordCount_->addItem(QString(), 24);

    auto* choose = new QWidget(this);
    auto* form = new QFormLayout(choose);
    form->addRow(intro_);
    form->addRow(passphraseCaption_, passphrase_);
    form->addRow(repeatCaption_, repeat_);
    auto* createRow = new QHBoxLayout;
    createRow->addWidget(wordCount_);
    createRow->addWidget(createButton_);
    createRow->addStretch();
    form->addRow(createRow);
    form->addRow(restoreIntro_);
    form->addRow(restoreWords_);
    auto* restoreRow = new QHBoxLayout;
    restoreRow->addWidget(restoreButton_);
    restoreRow->addWidget(restoreBackupButton_);
    restoreRow->addStretch();
    form->addRow(restoreRow);

    auto* show = new QWidget(this);
    auto* showLayout = new QVBoxLayout(show);
    showLayout->addWidget(wordsIntro_);
    showLayout->addWidget(words_);
    auto* showButtons = new QHBoxLayout;
    showButtons->addWidget(backButton_);
    showButtons->addStretch();
    showButtons->addWidget(writtenButton_);
    showLayout->addLayout(showButtons);
    showLayout->addStretch();

    auto* check = new QWidget(this);
    auto* checkForm = new QFormLayout(check);
    checkForm->addRow(confirmIntro_);
    checkForm->addRow(firstCaption_, first_);
    checkForm->addRow(secondCaption_, second_);
    auto* checkButtons = new QHBoxLayout;
    checkButtons->addWidget(showAgainButton_);
    checkButtons->addStretch();
    checkButtons->addWidget(confirmButton_);
    checkForm->addRow(checkButtons);

    steps_->addWidget(choose);
    steps_->addWidget(show);
    steps_->addWidget(check);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(steps_);

    connect(createButton_, &QPushButton::clicked, this, &WalletSetup::showNewWords);
    connect(restoreButton_, &QPushButton::clicked, this, &WalletSetup::restore);
    connect(restoreBackupButton_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Restore a wallet backup"), QDir::homePath(), tr("Wallet files (*.json)"));
        if (!path.isEmpty())
            restoreBackup(path);
    });
    connect(writtenButton_, &QPushButton::clicked, this, &WalletSetup::askForTwoWords);
    connect(backButton_, &QPushButton::clicked, this, &WalletSetup::startOver);
    connect(showAgainButton_, &QPushButton::clicked, this,
            [this] { steps_->setCurrentIndex(ShowWords); });
    connect(confirmButton_, &QPushButton::clicked, this, &WalletSetup::confirm);
    retranslate();
}

void WalletSetup::retranslate() {
    intro_->setText(
        tr("There is no wallet yet. Choose a passphrase: it encrypts the private keys and the "
           "recovery words in %1 (scrypt and AES-256-GCM). Without it nobody, you included, can "
           "spend from them.")
            .arg(model_.filePath()));
    passphraseCaption_->setText(tr("Passphrase:"));
    repeatCaption_->setText(tr("Repeat it:"));
    wordCount_->setItemText(0, tr("12 recovery words"));
    wordCount_->setItemText(1, tr("24 recovery words"));
    createButton_->setText(tr("Create the wallet"));
    restoreIntro_->setText(tr("Or bring back a wallet from its recovery words (the node looks "
                              "for every address they were used with):"));
    restoreWords_->setPlaceholderText(tr("the recovery words, in order"));
    restoreButton_->setText(tr("Restore from the words"));
    restoreBackupButton_->setText(tr("Restore a backup file…"));
    wordsIntro_->setText(
        tr("These are the wallet's recovery words. Write them down, in order, and keep them "
           "offline: they are the only way back to the coins if this computer or its wallet file "
           "is lost, and anyone who has them can spend the coins. They are shown now; later only "
           "for the passphrase."));
    writtenButton_->setText(tr("I have written them down"));
    backButton_->setText(tr("Cancel"));
    confirmIntro_->setText(tr("Type two of the words, to check they were written down well."));
    firstCaption_->setText(tr("Word %1:").arg(positions_.first));
    secondCaption_->setText(tr("Word %1:").arg(positions_.second));
    confirmButton_->setText(tr("Confirm and create the wallet"));
    showAgainButton_->setText(tr("Show the words again"));
}

bool WalletSetup::passphrasesAgree() {
    if (passphrase_->text().isEmpty()) {
        emit said(tr("Choose a passphrase: it protects the private keys."), true);
        return false;
    }
    if (passphrase_->text() != repeat_->text()) {
        emit said(tr("The two passphrases differ."), true);
        return false;
    }
    return true;
}

void WalletSetup::showNewWords() {
    if (!passphrasesAgree())
        return;
    newWords_ = WalletModel::newRecoveryWords(wordCount_->currentData().toInt());
    words_->setText(numberedWords(newWords_));
    steps_->setCurrentIndex(ShowWords);
    emit said({}, false);
}

void WalletSetup::askForTwoWords() {
    const int count = int(newWords_.count(' ')) + 1;
    auto* random = QRandomGenerator::system();
    int a = random->bounded(count), b = random->bounded(count - 1);
    if (b >= a)
        ++b; // two different words
    positions_ = {std::min(a, b) + 1, std::max(a, b) + 1};
    first_->clear();
    second_->clear();
    retranslate();
    steps_->setCurrentIndex(ConfirmWords);
}

void WalletSetup::confirm() {
    const QStringList words = newWords_.split(' ');
    const auto matches = [&](QLineEdit* field, int position) {
        return field->text().trimmed().toLower() == words.value(position - 1);
    };
    if (!matches(first_, positions_.first) || !matches(second_, positions_.second))
        return emit said(tr("A word is not the one shown: look at what you wrote down, or show "
                            "the words again."),
                         true);
    if (const QString why = model_.create(passphrase_->text(), newWords_); !why.isEmpty())
        return emit said(why, true);
    finish(tr("Wallet created. Its recovery words bring it back anywhere."));
}

void WalletSetup::restore() {
    if (!passphrasesAgree())
        return;
    restoreButton_->setEnabled(false);
    emit said(tr("Looking for the wallet's addresses on the chain…"), false);
    QPointer<WalletSetup> self(this);
    model_.restore(restoreWords_->toPlainText(), passphrase_->text(), [self](QString why) {
        if (!self)
            return;
        self->restoreButton_->setEnabled(true);
        if (!why.isEmpty())
            return emit self->said(why, true);
        self->finish(tr("Wallet restored from its recovery words; addresses found: %1.")
                         .arg(self->model_.rowCount()));
    });
}

void WalletSetup::restoreBackup(const QString& path) {
    if (passphrase_->text().isEmpty())
        return emit said(tr("Type the backup's passphrase (twice) first."), true);
    if (!passphrasesAgree())
        return;
    if (const QString why = model_.restoreFromFile(path, passphrase_->text()); !why.isEmpty())
        return emit said(why, true);
    finish(tr("Wallet restored from %1.").arg(path));
}

void WalletSetup::startOver() {
    newWords_.clear();
    words_->clear();
    steps_->setCurrentIndex(Choose);
}

void WalletSetup::finish(const QString& message) {
    for (QLineEdit* f : {passphrase_, repeat_, first_, second_})
        f->clear();
    restoreWords_->clear();
    startOver();
    emit finished(message);
}

} // namespace mbc::ui
