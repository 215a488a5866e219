#pragma once

#include <QLocale>
#include <QStringList>

class QTranslator;

namespace mbc::ui {

// Loads the app's translation for `locale` (compiled into the binary) into `translator`; for
// English, only the plural forms ("1 thread", "2 threads"). False for a language we have no
// translation for.
bool loadTranslation(QTranslator& translator, const QLocale& locale);

// Loads Qt's own translation (qtbase: standard buttons, a field's context menu) for `locale`
// from Qt's translations folder. False when it is not installed.
bool loadQtTranslation(QTranslator& translator, const QLocale& locale);

// Languages with a translation, as locale names ("de", "es"), English excluded.
QStringList availableTranslations();

// Switches the whole app to `language` ("en", "de", "es"; empty: the system's, or English
// when there is no translation for it), Qt's own strings included. Every window
// retranslates itself.
void applyLanguage(const QString& language);

// Says, in a message box in the chosen language, that the app cannot start and why (a bad
// saved setting: `settingsFile` is where it is).
void showStartupError(const QString& why, const QString& settingsFile);

} // namespace mbc::ui
