// The interface in another language, as a German user meets it: the language
// comes from the system locale (LANGUAGE=de, set by CTest) unless the setting
// View → Language says otherwise; menus, palette and inspector forms are in
// German, node spec texts included; Qt's own dialog strings too. The spec
// catalog ignores translations made from an English text that has changed.

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QScrollArea>
#include <QSettings>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QTreeView>

#include "core/connectors/builtin.h"
#include "widgets/i18n/language.h"
#include "widgets/i18n/spec_catalog.h"
#include "widgets/inspector/inspector.h"
#include "widgets/palette/node_palette.h"
#include "widgets/shell/main_window.h"

using namespace tributary;
using namespace tributary::widgets;

namespace {

QStringList menuTexts(QMenuBar* bar) {
  QStringList texts;
  for (QAction* a : bar->actions()) texts << a->text();
  return texts;
}

void collect(const QAbstractItemModel* model, const QModelIndex& parent, QStringList& out) {
  for (int r = 0; r < model->rowCount(parent); ++r) {
    QModelIndex index = model->index(r, 0, parent);
    out << index.data().toString();
    collect(model, index, out);
  }
}

// The labels of the inspector's current page (the scroll area deletes the old one).
QStringList inspectorLabels(QWidget* inspector) {
  QStringList texts;
  auto* scroll = inspector->findChild<QScrollArea*>();
  if (!scroll || !scroll->widget()) return texts;
  for (QLabel* l : scroll->widget()->findChildren<QLabel*>()) texts << l->text();
  return texts;
}

bool anyContains(const QStringList& texts, const QString& part) {
  for (const QString& t : texts)
    if (t.contains(part)) return true;
  return false;
}

}  // namespace

class TestI18nGui final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<model::SpecRegistry> m_specs;
  std::unique_ptr<MainWindow> m_window;

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("TributaryTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_i18n_gui"));
    QSettings().clear();
    // What app/gui/main.cpp does: no setting, so the system locale decides.
    QCOMPARE(languageSetting(), QString());
    const QString language = resolveLanguage(languageSetting());
    QCOMPARE(language, QStringLiteral("de"));
    QVERIFY(installTranslators(*qApp, language));
    m_specs = std::make_unique<model::SpecRegistry>(
        SpecCatalog::forLanguage(language).translated(connectors::builtinSpecs()));

    MainWindow::Options options;
    options.interactive = false;
    options.autosaveDirectory = m_dir.filePath(QStringLiteral("autosave"));
    m_window = std::make_unique<MainWindow>(*m_specs, options);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->openDemo());
  }

  void cleanupTestCase() {
    m_window.reset();
    QSettings().clear();
  }

  void menuBarIsGerman() {
    const QStringList menus = menuTexts(m_window->menuBar());
    QCOMPARE(menus, (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Bearbeiten"), QStringLiteral("&Ansicht"),
                                 QStringLiteral("&Pipeline"), QStringLiteral("&Hilfe")}));
    QMenu* file = m_window->menuBar()->actions().first()->menu();
    QStringList items;
    for (QAction* a : file->actions()) items << a->text();
    QVERIFY2(items.contains(QStringLiteral("Speichern &unter…")), qPrintable(items.join(QLatin1Char('|'))));
  }

  void paletteIsGerman() {
    QStringList entries;
    collect(m_window->palette()->view()->model(), QModelIndex(), entries);
    const QString all = entries.join(QLatin1Char('|'));
    // Category headers come from our .ts, node titles from the spec catalog.
    QVERIFY2(entries.contains(QStringLiteral("Quellen")), qPrintable(all));
    QVERIFY2(entries.contains(QStringLiteral("Senken")), qPrintable(all));
    QVERIFY2(anyContains(entries, QStringLiteral("Datengenerator")), qPrintable(all));
    QVERIFY2(anyContains(entries, QStringLiteral("Änderungen entpacken")), qPrintable(all));
    QVERIFY2(!anyContains(entries, QStringLiteral("Data generator")), qPrintable(all));
  }

  void inspectorFormIsGerman() {
    QVERIFY(m_window->selectByName(QStringLiteral("orders")));
    QCOMPARE(m_window->inspector()->currentNode(), QStringLiteral("orders"));
    const QStringList labels = inspectorLabels(m_window->inspector());
    const QString all = labels.join(QLatin1Char('|'));
    // The header (spec title), a field label and its help (spec catalog), and
    // the form's own words (.ts).
    QVERIFY2(anyContains(labels, QStringLiteral("Datengenerator")), qPrintable(all));
    QVERIFY2(anyContains(labels, QStringLiteral("Vorlage")), qPrintable(all));
    QVERIFY2(anyContains(labels, QStringLiteral("Datensätze pro Sekunde; 0 erzeugt so schnell")), qPrintable(all));
    QVERIFY2(anyContains(labels, QStringLiteral("Bei fehlerhaftem Datensatz")), qPrintable(all));
    QVERIFY2(anyContains(labels, QStringLiteral("Beschriftung")), qPrintable(all));
    QVERIFY2(!anyContains(labels, QStringLiteral("Records per second")), qPrintable(all));
  }

  void qtOwnDialogsAreGerman() {
    // qtbase_de.qm from qt6-translations-l10n: the buttons of standard dialogs.
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Abbrechen"));
  }

  void languageSettingWinsAndAppliesAtNextStart() {
    QMenu* language = m_window->findChild<QMenu*>(QStringLiteral("languageMenu"));
    QVERIFY(language);
    QCOMPARE(language->title(), QStringLiteral("S&prache"));
    QAction* french = nullptr;
    for (QAction* a : language->actions())
      if (a->data().toString() == QLatin1String("fr")) french = a;
    QVERIFY(french);
    QCOMPARE(french->text(), QStringLiteral("Français"));
    french->trigger();
    QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("fr"));
    QCOMPARE(m_window->statusBar()->currentMessage(),
             QStringLiteral("Die Sprache wechselt beim nächsten Start von Tributary."));
    // The next start reads the setting before the system locale.
    QCOMPARE(resolveLanguage(languageSetting()), QStringLiteral("fr"));
    QTranslator french_qm;
    QVERIFY(french_qm.load(QStringLiteral(":/i18n/tributary_fr.qm")));
    QCOMPARE(french_qm.translate("tributary::widgets::MainWindow", "&File"), QStringLiteral("&Fichier"));
    QCOMPARE(SpecCatalog::forLanguage(QStringLiteral("fr"))
                 .translated(*connectors::builtinSpecs().find("transform.filter"))
                 .title,
             std::string("Filtre"));
    // "Follow system" removes the setting again.
    setLanguageSetting(QString());
    QCOMPARE(resolveLanguage(languageSetting()), QStringLiteral("de"));
    QCOMPARE(resolveLanguage(QStringLiteral("xx")), QStringLiteral("en"));
  }

  void englishHasPluralForms() {
    // English is the source language; its .qm holds only the plural forms.
    QTranslator english;
    QVERIFY(english.load(QStringLiteral(":/i18n/tributary_en.qm")));
    QCOMPARE(english.translate("tributary::widgets::Inspector", "%n node(s)", nullptr, 1), QStringLiteral("%n node"));
    QCOMPARE(english.translate("tributary::widgets::Inspector", "%n node(s)", nullptr, 4), QStringLiteral("%n nodes"));
    QCOMPARE(english.translate("tributary::widgets::MainWindow", "&File"), QString());
  }

  void catalogKeepsEnglishWhenTheSourceChanged() {
    auto catalog = SpecCatalog::fromJson(R"({"types": {"t": {
        "title": {"en": "Old title", "text": "Alter Titel"},
        "help": {"en": "Help", "text": "Hilfe"},
        "fields": {"rate": {"label": {"en": "rate", "text": "Rate"}, "help": {"en": "old help", "text": "alte Hilfe"}}}}}})");
    QVERIFY(catalog);
    model::NodeSpec spec;
    spec.type = "t";
    spec.title = "New title";
    spec.help = "Help";
    spec.fields.push_back(model::FieldSpec{.name = "rate", .help = "new help"});
    model::NodeSpec out = catalog->translated(spec);
    QCOMPARE(out.title, std::string("New title"));  // stale: English stays
    QCOMPARE(out.help, std::string("Hilfe"));
    QCOMPARE(out.fields[0].label, std::string("Rate"));
    QCOMPARE(out.fields[0].help, std::string("new help"));
    QCOMPARE(out.fields[0].name, std::string("rate"));  // config keys never change
  }

  void malformedCatalogNamesThePlace() {
    auto bad = SpecCatalog::fromJson(R"({"types": {"t": {"fields": {"rate": {"lable": {"en": "x", "text": "y"}}}}}})");
    QVERIFY(!bad);
    QCOMPARE(QString::fromStdString(bad.error().where), QStringLiteral("types.t.fields.rate"));
    QVERIFY(QString::fromStdString(bad.error().message).contains(QStringLiteral("lable")));
    QVERIFY(!SpecCatalog::fromJson("[1]"));
    QVERIFY(!SpecCatalog::fromJson(R"({"types": {"t": {"title": {"en": 3}}}})"));
  }
};

QTEST_MAIN(TestI18nGui)
#include "test_i18n_gui.moc"
