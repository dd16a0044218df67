#pragma once
// The language of the user interface. Chosen once at start: the setting
// ui/language (View → Language; empty follows the system), else the system
// locale. Installs our translation (:/i18n/tributary_<lang>.qm, built from
// translations/*.ts by lrelease) and Qt's own for standard dialogs
// (qtbase_<lang>.qm from the Qt installation). A change of the setting applies
// at the next start. GUI thread only.

#include <QList>
#include <QString>

class QCoreApplication;

namespace tributary::widgets {

struct UiLanguage {
  QString code;        // "de"; "en" is the untranslated source
  QString nativeName;  // "Deutsch"
};

// The languages the interface comes in, English first.
QList<UiLanguage> uiLanguages();

// The setting ui/language: a code from uiLanguages(), or empty for the system's.
QString languageSetting();
void setLanguageSetting(const QString& code);

// The language to use for `requested` (a code, or empty: the system locale's
// UI languages in order), falling back to "en".
QString resolveLanguage(const QString& requested);

// Installs the translators for `code` on `app` (they become its children) and
// sets the default locale to match. For "en" only the plural forms of our
// messages. Returns false when `code` has no translation of ours.
bool installTranslators(QCoreApplication& app, const QString& code);

}  // namespace tributary::widgets
