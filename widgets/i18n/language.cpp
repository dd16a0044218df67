#include "widgets/i18n/language.h"

#include <QCoreApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace tributary::widgets {

namespace {
const QString kSettingKey = QStringLiteral("ui/language");
}

QList<UiLanguage> uiLanguages() {
  return {{QStringLiteral("en"), QStringLiteral("English")},
          {QStringLiteral("de"), QStringLiteral("Deutsch")},
          {QStringLiteral("fr"), QStringLiteral("Français")}};
}

QString languageSetting() {
  return QSettings().value(kSettingKey).toString();
}

void setLanguageSetting(const QString& code) {
  QSettings settings;
  if (code.isEmpty())
    settings.remove(kSettingKey);
  else
    settings.setValue(kSettingKey, code);
}

QString resolveLanguage(const QString& requested) {
  const QList<UiLanguage> known = uiLanguages();
  auto isKnown = [&known](const QString& code) {
    for (const UiLanguage& l : known)
      if (l.code == code) return true;
    return false;
  };
  if (!requested.isEmpty()) return isKnown(requested) ? requested : QStringLiteral("en");
  // "de-DE", "fr", "en-US", ... in the user's order of preference (LANGUAGE, then LANG).
  for (const QString& name : QLocale::system().uiLanguages()) {
    const QString code = name.section(QLatin1Char('-'), 0, 0).section(QLatin1Char('_'), 0, 0).toLower();
    if (isKnown(code)) return code;
  }
  return QStringLiteral("en");
}

bool installTranslators(QCoreApplication& app, const QString& code) {
  if (!QFile::exists(QStringLiteral(":/i18n/tributary_%1.qm").arg(code))) return false;
  auto* ours = new QTranslator(&app);
  if (!ours->load(QStringLiteral(":/i18n/tributary_%1.qm").arg(code))) {
    delete ours;
    return false;
  }
  QCoreApplication::installTranslator(ours);
  // English is the source language: its translation holds only plural forms
  // ("%n node(s)" -> "1 node", "2 nodes"), and Qt's own strings are English already.
  if (code == QStringLiteral("en")) return true;
  QLocale::setDefault(QLocale(code));
  // Qt's own strings (the buttons of standard dialogs, the file dialog); absent
  // when qt6-translations-l10n is not installed, which only leaves those in English.
  auto* qt = new QTranslator(&app);
  if (qt->load(QLocale(code), QStringLiteral("qtbase"), QStringLiteral("_"),
               QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(qt);
  else
    delete qt;
  return true;
}

}  // namespace tributary::widgets
