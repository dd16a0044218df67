#pragma once
// SchemaRegistryPage: Cluster → Schema Registry. The registry's subjects and
// their versions; the chosen version's schema, pretty-printed; a side-by-side
// line diff of two versions (removed lines red on the left, added green on the
// right); the subject's compatibility level (editable, PUT /config/{subject})
// next to the global one (also editable); "Check compatibility" of a pasted
// schema against the latest or a chosen version; "Register" of a pasted
// schema; soft and permanent deletes of a version or a subject. The
// registry's errors (error_code and message) are shown as it sent them.
//
// Threads: every call runs on the session's registry thread
// (ClusterSession::registryCall); results arrive on the GUI thread and each
// operation ends with `finished`. GUI thread only.

#include <QWidget>

#include "core/base/result.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTextEdit;

namespace tributary::widgets {

class ClusterSession;

class SchemaRegistryPage final : public QWidget {
  Q_OBJECT

 public:
  static const QStringList& levels();  // NONE, BACKWARD, ... FULL_TRANSITIVE

  explicit SchemaRegistryPage(ClusterSession* session, QWidget* parent = nullptr);

  // Programmatic versions of the controls (the buttons call these).
  void refresh();                              // subjects and the global level
  void selectSubject(const QString& subject);  // its versions and level; shows the latest
  void showVersion(int version);
  void compare(int leftVersion, int rightVersion);
  void setCompatibility(const QString& level);  // of the selected subject
  void setGlobalCompatibility(const QString& level);
  // `version`: "latest" or a number.
  void checkCompatibility(const QString& schema, const QString& version);
  void registerSchema(const QString& subject, const QString& schema);
  void deleteVersion(int version, bool permanent);
  void deleteSubject(bool permanent);

  QString currentSubject() const { return m_subject; }
  int currentVersion() const { return m_version; }
  QList<int> versions() const { return m_versions; }
  QListWidget* subjectList() const { return m_subjects; }
  QListWidget* versionList() const { return m_versionList; }
  QPlainTextEdit* schemaView() const { return m_schema; }
  QLabel* schemaTitle() const { return m_schemaTitle; }
  QTextEdit* diffLeft() const { return m_diffLeft; }
  QTextEdit* diffRight() const { return m_diffRight; }
  QLabel* diffSummary() const { return m_diffSummary; }
  QComboBox* compatibilityCombo() const { return m_level; }
  QLabel* compatibilityLabel() const { return m_levelNote; }
  QComboBox* globalCompatibilityCombo() const { return m_globalLevel; }
  QPlainTextEdit* pasteEdit() const { return m_paste; }
  QLineEdit* registerSubjectEdit() const { return m_registerSubject; }
  QLabel* checkResult() const { return m_checkResult; }
  QLabel* statusLabel() const { return m_status; }
  QTabWidget* tabs() const { return m_tabs; }

 Q_SIGNALS:
  // After each operation (refresh, select, show, compare, set level, check,
  // register, delete): ok, and what the page says about it.
  void finished(bool ok, const QString& message);

 private:
  void setStatus(const QString& text, bool error);
  void fail(const Error& e);
  void fillVersionCombos();
  void confirmDelete(bool subject);

  ClusterSession* m_session;
  QString m_subject;
  int m_version = 0;
  QList<int> m_versions;
  QLabel* m_url;
  QComboBox* m_globalLevel;
  QListWidget* m_subjects;
  QListWidget* m_versionList;
  QTabWidget* m_tabs;
  QLabel* m_schemaTitle;
  QPlainTextEdit* m_schema;
  QComboBox* m_level;
  QLabel* m_levelNote;
  QCheckBox* m_permanent;
  QComboBox* m_diffFrom;
  QComboBox* m_diffTo;
  QLabel* m_diffSummary;
  QTextEdit* m_diffLeft;
  QTextEdit* m_diffRight;
  QPlainTextEdit* m_paste;
  QComboBox* m_checkAgainst;
  QLineEdit* m_registerSubject;
  QLabel* m_checkResult;
  QLabel* m_status;
  bool m_loadingLevel = false;
};

}  // namespace tributary::widgets
