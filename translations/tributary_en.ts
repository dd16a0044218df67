<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>NodeItem</name>
    <message numerus="yes">
        <location filename="../widgets/canvas/node_item.cpp" line="+95"/>
        <location line="+6"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-4"/>
        <location line="+8"/>
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RemoveItemsCommand</name>
    <message numerus="yes">
        <location filename="../widgets/document/document_commands.cpp" line="+46"/>
        <source>Delete %n item(s)</source>
        <translation>
            <numerusform>Delete %n item</numerusform>
            <numerusform>Delete %n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RepartitionBadge</name>
    <message numerus="yes">
        <location filename="../widgets/canvas/repartition_badge.cpp" line="+19"/>
        <source>⇄ %1 · %n partition(s)</source>
        <translation>
            <numerusform>⇄ %1 · %n partition</numerusform>
            <numerusform>⇄ %1 · %n partitions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ClusterDialog</name>
    <message numerus="yes">
        <location filename="../widgets/browser/cluster_dialog.cpp" line="+123"/>
        <source>Connected: %n broker(s), </source>
        <translation>
            <numerusform>Connected: %n broker, </numerusform>
            <numerusform>Connected: %n brokers, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n topic(s).</source>
        <translation>
            <numerusform>%n topic.</numerusform>
            <numerusform>%n topics.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+46"/>
        <source>Schema Registry at %1 answers: %n subject(s).</source>
        <translation>
            <numerusform>Schema Registry at %1 answers: %n subject.</numerusform>
            <numerusform>Schema Registry at %1 answers: %n subjects.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ConnectImportDialog</name>
    <message numerus="yes">
        <location filename="../widgets/shell/connect_dialogs.cpp" line="+62"/>
        <source>%n connector(s) became %1 nodes. Settings that were not carried over as they were:</source>
        <translation>
            <numerusform>%n connector became %1 nodes. Settings that were not carried over as they were:</numerusform>
            <numerusform>%n connectors became %1 nodes. Settings that were not carried over as they were:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::FieldEditor</name>
    <message numerus="yes">
        <location filename="../widgets/inspector/field_editors.cpp" line="+413"/>
        <source>%n entries</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::GroupsPage</name>
    <message numerus="yes">
        <location filename="../widgets/browser/groups_page.cpp" line="+157"/>
        <source>%n group(s)</source>
        <translation>
            <numerusform>%n group</numerusform>
            <numerusform>%n groups</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+77"/>
        <source>Offsets can be reset only while the group has no active members: Kafka refuses to move them under %n running consumer(s). Stop them first.</source>
        <translation>
            <numerusform>Offsets can be reset only while the group has no active members: Kafka refuses to move them under %n running consumer. Stop it first.</numerusform>
            <numerusform>Offsets can be reset only while the group has no active members: Kafka refuses to move them under %n running consumers. Stop them first.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+35"/>
        <source>Moved the offsets of %1 on %n partition(s).</source>
        <translation>
            <numerusform>Moved the offsets of %1 on %n partition.</numerusform>
            <numerusform>Moved the offsets of %1 on %n partitions.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::Inspector</name>
    <message numerus="yes">
        <location filename="../widgets/inspector/inspector.cpp" line="+445"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n node</numerusform>
            <numerusform>%n nodes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n connection</numerusform>
            <numerusform>%n connections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::LogPanel</name>
    <message numerus="yes">
        <location filename="../widgets/panels/log_panel.cpp" line="+319"/>
        <source>%n log record(s) were dropped while the view was busy (the log file has them)</source>
        <translation>
            <numerusform>%n log record was dropped while the view was busy (the log file has it)</numerusform>
            <numerusform>%n log records were dropped while the view was busy (the log file has them)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::MainWindow</name>
    <message numerus="yes">
        <location filename="../widgets/shell/main_window.cpp" line="+239"/>
        <source>%n problem(s) found</source>
        <translation>
            <numerusform>%n problem found</numerusform>
            <numerusform>%n problems found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+283"/>
        <source>Not runnable · %n error(s)</source>
        <translation>
            <numerusform>Not runnable · %n error</numerusform>
            <numerusform>Not runnable · %n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+269"/>
        <source>Copied %n node(s)</source>
        <translation>
            <numerusform>Copied %n node</numerusform>
            <numerusform>Copied %n nodes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::PipelineDocument</name>
    <message numerus="yes">
        <location filename="../widgets/document/pipeline_document.cpp" line="+181"/>
        <source>Move %n node(s)</source>
        <translation>
            <numerusform>Move %n node</numerusform>
            <numerusform>Move %n nodes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::RemoteRunMonitor</name>
    <message numerus="yes">
        <location filename="../widgets/runners/remote_run_monitor.cpp" line="+178"/>
        <source>%1: merged from %n runner(s)</source>
        <translation>
            <numerusform>%1: merged from %n runner</numerusform>
            <numerusform>%1: merged from %n runners</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source> · %n unreachable (its last totals are kept, its rates are not counted)</source>
        <translation>
            <numerusform> · %n unreachable (its last totals are kept, its rates are not counted)</numerusform>
            <numerusform> · %n unreachable (their last totals are kept, their rates are not counted)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+51"/>
        <source>%n stale</source>
        <translation>
            <numerusform>%n stale</numerusform>
            <numerusform>%n stale</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Merged from %n runner(s):</source>
        <translation>
            <numerusform>Merged from %n runner:</numerusform>
            <numerusform>Merged from %n runners:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>, %n error(s)</source>
        <translation>
            <numerusform>, %n error</numerusform>
            <numerusform>, %n errors</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::RunController</name>
    <message numerus="yes">
        <location filename="../widgets/run/run_controller.cpp" line="+551"/>
        <source> · a sample of %n</source>
        <translation>
            <numerusform> · a sample of %n</numerusform>
            <numerusform> · a sample of %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::RunnersPanel</name>
    <message numerus="yes">
        <location filename="../widgets/runners/runners_panel.cpp" line="+102"/>
        <source>%n runner(s) from the last session.</source>
        <translation>
            <numerusform>%n runner from the last session.</numerusform>
            <numerusform>%n runners from the last session.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::SchemaRegistryPage</name>
    <message numerus="yes">
        <location filename="../widgets/browser/schema_registry_page.cpp" line="+317"/>
        <source>%n subject(s).</source>
        <translation>
            <numerusform>%n subject.</numerusform>
            <numerusform>%n subjects.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::TemplateGallery</name>
    <message numerus="yes">
        <location filename="../widgets/shell/template_gallery.cpp" line="+64"/>
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n node</numerusform>
            <numerusform>%n nodes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::TopicView</name>
    <message numerus="yes">
        <location filename="../widgets/browser/topic_view.cpp" line="+198"/>
        <source>%n group(s) read this topic · total lag %1</source>
        <translation>
            <numerusform>%n group reads this topic · total lag %1</numerusform>
            <numerusform>%n groups read this topic · total lag %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+61"/>
        <source>Changed %n setting(s).</source>
        <translation>
            <numerusform>Changed %n setting.</numerusform>
            <numerusform>Changed %n settings.</numerusform>
        </translation>
    </message>
</context>
</TS>
