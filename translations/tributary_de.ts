<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DashboardLayout</name>
    <message>
        <location filename="../widgets/dashboard/dashboard_layout.cpp" line="+178"/>
        <source>Records in</source>
        <translation>Datensätze rein</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Records out</source>
        <translation>Datensätze raus</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>End-to-end latency</source>
        <translation>Ende-zu-Ende-Latenz</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Batch latency p50 / p99</source>
        <translation>Batch-Latenz p50 / p99</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Errors and dead-lettered</source>
        <translation>Fehler und Dead Letters</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Queue depth</source>
        <translation>Warteschlangentiefe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bytes in / out</source>
        <translation>Bytes rein / raus</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Consumer lag</source>
        <translation>Consumer-Rückstand</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Kafka bytes sent / received</source>
        <translation>Kafka-Bytes gesendet / empfangen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Broker round trip</source>
        <translation>Broker-Umlaufzeit</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>State store size</source>
        <translation>Größe des Zustandsspeichers</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Late records</source>
        <translation>Verspätete Datensätze</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>State restore progress</source>
        <translation>Wiederherstellung des Zustands</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+11"/>
        <source>Errors /s</source>
        <translation>Fehler /s</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In /s</source>
        <translation>Ein /s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out /s</source>
        <translation>Aus /s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue fill (0-1)</source>
        <translation>Füllstand der Warteschlange (0-1)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Consumer lag per partition</source>
        <translation>Consumer-Rückstand pro Partition</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New panel</source>
        <translation>Neues Diagramm</translation>
    </message>
</context>
<context>
    <name>FullDashboard</name>
    <message>
        <location filename="../widgets/dashboard/full_dashboard.cpp" line="+39"/>
        <source>In /s</source>
        <translation>Ein /s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out /s</source>
        <translation>Aus /s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Errors /s</source>
        <translation>Fehler /s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue fill</source>
        <translation>Füllstand der Warteschlange</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch p99</source>
        <translation>Batch p99</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../widgets/inspector/inspector.cpp" line="+47"/>
        <source>duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>secret</source>
        <translation>Geheimnis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>expression</source>
        <translation>Ausdruck</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>select list</source>
        <translation>Auswahlliste</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>list</source>
        <translation>Liste</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>map</source>
        <translation>Zuordnung</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <location filename="../widgets/panels/log_panel.cpp" line="+136"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
</context>
<context>
    <name>NodeItem</name>
    <message>
        <location filename="../widgets/canvas/node_item.cpp" line="+70"/>
        <source>unknown type %1</source>
        <translation>unbekannter Typ %1</translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <location line="+6"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n Fehler</numerusform>
            <numerusform>%n Fehler</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-4"/>
        <location line="+8"/>
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n Warnung</numerusform>
            <numerusform>%n Warnungen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This build does not know this type</source>
        <translation>Dieser Build kennt diesen Typ nicht</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 records</source>
        <translation>%1 Datensätze</translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <location filename="../widgets/style/app_theme.cpp" line="+142"/>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transforms</source>
        <translation>Transformationen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sinks</source>
        <translation>Senken</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../widgets/browser/message_detail.cpp" line="+68"/>
        <source>… (more not shown)</source>
        <translation>… (weitere nicht angezeigt)</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>(value)</source>
        <translation>(Wert)</translation>
    </message>
    <message>
        <location filename="../widgets/dashboard/chart_panel.cpp" line="+72"/>
        <source> (all runners)</source>
        <translation> (alle Runner)</translation>
    </message>
    <message>
        <location filename="../widgets/dashboard/user_dashboards.cpp" line="+23"/>
        <source>The name is empty.</source>
        <translation>Der Name ist leer.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name is longer than 100 characters.</source>
        <translation>Der Name ist länger als 100 Zeichen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name must not start with a dot.</source>
        <translation>Der Name darf nicht mit einem Punkt beginnen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name must not start or end with a space.</source>
        <translation>Der Name darf nicht mit einem Leerzeichen beginnen oder enden.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&quot;%1&quot; is not allowed in a name (letters, digits, space, &apos;.&apos;, &apos;-&apos; and &apos;_&apos; are).</source>
        <translation>„%1“ ist in einem Namen nicht erlaubt (erlaubt sind Buchstaben, Ziffern, Leerzeichen, &apos;.&apos;, &apos;-&apos; und &apos;_&apos;).</translation>
    </message>
    <message>
        <location filename="../widgets/sandbox/sandbox_panel.cpp" line="+21"/>
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MariaDB</source>
        <translation>MariaDB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mosquitto (MQTT)</source>
        <translation>Mosquitto (MQTT)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>absent</source>
        <translation>nicht vorhanden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dead</source>
        <translation>abgestürzt</translation>
    </message>
    <message>
        <location filename="../widgets/shell/connect_dialogs.cpp" line="+83"/>
        <location line="+13"/>
        <location line="+6"/>
        <source>Export Kafka Connect configs</source>
        <translation>Kafka-Connect-Konfigurationen exportieren</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>No node of this pipeline has a Kafka Connect equivalent.

%1</source>
        <translation>Kein Knoten dieser Pipeline hat eine Entsprechung in Kafka Connect.

%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Folder for the connector configs</source>
        <translation>Ordner für die Connector-Konfigurationen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Wrote %1 to %2.</source>
        <translation>%1 nach %2 geschrieben.</translation>
    </message>
    <message>
        <location filename="../widgets/dashboard/backtest_view.cpp" line="+21"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
</context>
<context>
    <name>RemoveItemsCommand</name>
    <message>
        <location filename="../widgets/document/document_commands.cpp" line="+42"/>
        <source>Delete %1</source>
        <translation>%1 löschen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete connection</source>
        <translation>Verbindung löschen</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Delete %n item(s)</source>
        <translation>
            <numerusform>%n Element löschen</numerusform>
            <numerusform>%n Elemente löschen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RepartitionBadge</name>
    <message numerus="yes">
        <location filename="../widgets/canvas/repartition_badge.cpp" line="+19"/>
        <source>⇄ %1 · %n partition(s)</source>
        <translation>
            <numerusform>⇄ %1 · %n Partition</numerusform>
            <numerusform>⇄ %1 · %n Partitionen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>⇄ %1</source>
        <translation>⇄ %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repartition topic %1, inserted by the planner: %2. A run writes these records to it keyed by the node&apos;s key (murmur2) and reads them back, so that every task sees all records of its keys.</source>
        <translation>Repartitionierungs-Topic %1, vom Planer eingefügt: %2. Ein Lauf schreibt diese Datensätze, nach dem Schlüssel des Knotens partitioniert (murmur2), hinein und liest sie wieder zurück, damit jeder Task alle Datensätze seiner Schlüssel sieht.</translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message>
        <location filename="../widgets/run/run_controller.cpp" line="+215"/>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connected; subscribing</source>
        <translation>Verbunden; abonniere</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connected; subscribed to %1</source>
        <translation>Verbunden; abonniert: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>reconnecting #%1 · %2 s</source>
        <translation>Neuverbindung #%1 · %2 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reconnecting: attempt %1 failed; the next one after a back-off of %2 s</source>
        <translation>Neuverbindung: Versuch %1 fehlgeschlagen; der nächste folgt nach einer Wartezeit von %2 s</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>connecting</source>
        <translation>verbinde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting</source>
        <translation>Verbinde</translation>
    </message>
    <message>
        <location filename="../widgets/run/run_state.cpp" line="+80"/>
        <source>waiting on %1</source>
        <translation>wartet auf %1</translation>
    </message>
</context>
<context>
    <name>RunState</name>
    <message>
        <location line="+35"/>
        <source>%1 members · %2 partitions</source>
        <translation>%1 Mitglieder · %2 Partitionen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 idle</source>
        <translation>%1 untätig</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>idle</source>
        <translation>untätig</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Members and their partitions:</source>
        <translation>Mitglieder und ihre Partitionen:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>restoring %1 %</source>
        <translation>Wiederherstellung %1 %</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Restoring its state from the changelog: %1 of %2 records</source>
        <translation>Stellt seinen Zustand aus dem Changelog wieder her: %1 von %2 Datensätzen</translation>
    </message>
</context>
<context>
    <name>SetConfigCommand</name>
    <message>
        <location filename="../widgets/document/document_commands.cpp" line="+26"/>
        <source>Change %1 of %2</source>
        <translation>%1 von %2 ändern</translation>
    </message>
</context>
<context>
    <name>SetDashboardCommand</name>
    <message>
        <location filename="../widgets/document/pipeline_document.cpp" line="+218"/>
        <source>Change dashboard</source>
        <translation>Dashboard ändern</translation>
    </message>
</context>
<context>
    <name>SetInfoCommand</name>
    <message>
        <location filename="../widgets/document/document_commands.cpp" line="+47"/>
        <source>Change pipeline settings</source>
        <translation>Pipeline-Einstellungen ändern</translation>
    </message>
</context>
<context>
    <name>SetLabelCommand</name>
    <message>
        <location line="-22"/>
        <source>Rename %1</source>
        <translation>%1 umbenennen</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::AlertNotifier</name>
    <message>
        <location filename="../widgets/dashboard/alert_notifier.cpp" line="+18"/>
        <source>Alert firing: %1</source>
        <translation>Alarm ausgelöst: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 alerts firing</source>
        <translation>%1 Alarme ausgelöst</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Tributary alerts</source>
        <translation>Tributary-Alarme</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::AlertRulesDialog</name>
    <message>
        <location filename="../widgets/dashboard/alert_rules_dialog.cpp" line="+29"/>
        <source>Alert rules</source>
        <translation>Alarmregeln</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Series</source>
        <translation>Reihe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Condition</source>
        <translation>Bedingung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Threshold</source>
        <translation>Schwellwert</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>For</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keep firing for</source>
        <translation>Ausgelöst halten für</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add rule</source>
        <translation>Regel hinzufügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove rule</source>
        <translation>Regel entfernen</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Test against history</source>
        <translation>Am Verlauf testen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run the selected rule over the recorded metrics: when would it have been pending and firing?</source>
        <translation>Die gewählte Regel über die aufgezeichneten Metriken laufen lassen: Wann wäre sie ausstehend und ausgelöst gewesen?</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Series: a metric with optional labels, e.g. &lt;code&gt;tributary_node_records_out_total:rate{node=&quot;shape&quot;}&lt;/code&gt;. Durations: 30s, 5m, 1h. Pending until the condition has held for &lt;i&gt;For&lt;/i&gt;; a firing alert stays firing for &lt;i&gt;Keep firing for&lt;/i&gt; after it stops holding.</source>
        <translation>Reihe: eine Metrik mit optionalen Labels, z. B. &lt;code&gt;tributary_node_records_out_total:rate{node=&quot;shape&quot;}&lt;/code&gt;. Dauern: 30s, 5m, 1h. Ein Alarm ist ausstehend, bis die Bedingung für &lt;i&gt;Dauer&lt;/i&gt; gegolten hat; ein ausgelöster Alarm bleibt nach dem Ende der Bedingung noch für &lt;i&gt;Ausgelöst halten für&lt;/i&gt; ausgelöst.</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Row %1, Threshold: &quot;%2&quot; is not a number</source>
        <translation>Zeile %1, Schwellwert: „%2“ ist keine Zahl</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Row %1, %2: %3</source>
        <translation>Zeile %1, %2: %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Row %1, Id: &quot;%2&quot; is used twice</source>
        <translation>Zeile %1, ID: „%2“ wird zweimal verwendet</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Row %1 does not exist</source>
        <translation>Zeile %1 existiert nicht</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::AlertsView</name>
    <message>
        <location filename="../widgets/dashboard/alerts_view.cpp" line="+53"/>
        <source>Rules…</source>
        <translation>Regeln…</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+8"/>
        <source>Alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <location line="-8"/>
        <location line="+8"/>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+8"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+21"/>
        <source>No alert rules yet.</source>
        <translation>Noch keine Alarmregeln.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 rules · &lt;span style=&apos;color:%2&apos;&gt;&lt;b&gt;%3 firing&lt;/b&gt;&lt;/span&gt; · %4 pending</source>
        <translation>%1 Regeln · &lt;span style=&apos;color:%2&apos;&gt;&lt;b&gt;%3 ausgelöst&lt;/b&gt;&lt;/span&gt; · %4 ausstehend</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::BacktestView</name>
    <message>
        <location filename="../widgets/dashboard/backtest_view.cpp" line="+19"/>
        <source>Last 15 minutes</source>
        <translation>Letzte 15 Minuten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 6 hours</source>
        <translation>Letzte 6 Stunden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Series</source>
        <translation>Reihe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Transition</source>
        <translation>Übergang</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Range:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>absent</source>
        <translation>fehlend</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>once</source>
        <translation>einmal</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 times</source>
        <translation>%1-mal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Would have fired %1&lt;/b&gt;, firing %2 in total; %3 transitions over %4 series. Evaluated every %5 (%6 evaluations), as the live evaluator does. Shaded: &lt;span style=&apos;color:#d08000&apos;&gt;pending&lt;/span&gt;, &lt;span style=&apos;color:%7&apos;&gt;firing&lt;/span&gt;.</source>
        <translation>&lt;b&gt;Wäre %1 ausgelöst worden&lt;/b&gt;, insgesamt %2 ausgelöst; %3 Übergänge über %4 Reihen. Alle %5 ausgewertet (%6 Auswertungen), wie es die laufende Auswertung tut. Schattiert: &lt;span style=&apos;color:#d08000&apos;&gt;ausstehend&lt;/span&gt;, &lt;span style=&apos;color:%7&apos;&gt;ausgelöst&lt;/span&gt;.</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ChartPanel</name>
    <message>
        <location filename="../widgets/dashboard/chart_panel.cpp" line="+40"/>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>max</source>
        <translation>max</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>mean</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>last</source>
        <translation>letzter</translation>
    </message>
    <message>
        <location line="+183"/>
        <location line="+262"/>
        <source>Drag to move the panel</source>
        <translation>Ziehen, um das Diagramm zu verschieben</translation>
    </message>
    <message>
        <location line="-257"/>
        <source>Panel: edit, resize, move, export, remove</source>
        <translation>Diagramm: bearbeiten, Größe ändern, verschieben, exportieren, entfernen</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>threshold %1</source>
        <translation>Schwellwert %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Edit panel…</source>
        <translation>Diagramm bearbeiten…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Small (1 × 1)</source>
        <translation>Klein (1 × 1)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Wide (2 × 1)</source>
        <translation>Breit (2 × 1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tall (1 × 2)</source>
        <translation>Hoch (1 × 2)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Large (2 × 2)</source>
        <translation>Groß (2 × 2)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Move earlier</source>
        <translation>Nach vorne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move later</source>
        <translation>Nach hinten</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+3"/>
        <source>Export panel</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cannot write %1.</source>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export picture (PNG)…</source>
        <translation>Bild exportieren (PNG)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export data (CSV)…</source>
        <translation>Daten exportieren (CSV)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove panel</source>
        <translation>Diagramm entfernen</translation>
    </message>
    <message>
        <location line="+126"/>
        <location filename="../widgets/dashboard/chart_panel.h" line="+140"/>
        <source>No data in this range yet.</source>
        <translation>Noch keine Daten in diesem Zeitraum.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No data: this pipeline has no such series yet.</source>
        <translation>Keine Daten: diese Pipeline hat noch keine solche Reihe.</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ClusterCheck</name>
    <message>
        <location filename="../widgets/document/cluster_check.cpp" line="+110"/>
        <source>%1 (the topics as they are on %2)</source>
        <translation>%1 (die Topics, wie sie auf %2 sind)</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ClusterDialog</name>
    <message>
        <location filename="../widgets/browser/cluster_dialog.cpp" line="+24"/>
        <source>Add cluster</source>
        <translation>Cluster hinzufügen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit cluster %1</source>
        <translation>Cluster %1 bearbeiten</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>production</source>
        <translation>produktion</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>kafka-1:9092,kafka-2:9092</source>
        <translation>kafka-1:9092,kafka-2:9092</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>security.protocol=SASL_SSL
sasl.mechanisms=PLAIN
sasl.username=app
sasl.password=${env:KAFKA_PASSWORD}</source>
        <translation>security.protocol=SASL_SSL
sasl.mechanisms=PLAIN
sasl.username=app
sasl.password=${env:KAFKA_PASSWORD}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bootstrap servers</source>
        <translation>Bootstrap-Server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Properties</source>
        <translation>Eigenschaften</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>http://schema-registry:8081, or embedded</source>
        <translation>http://schema-registry:8081 oder embedded</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>user (optional)</source>
        <translation>Benutzer (optional)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>${env:SCHEMA_REGISTRY_PASSWORD}</source>
        <translation>${env:SCHEMA_REGISTRY_PASSWORD}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Schema Registry</source>
        <translation>Schema Registry</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registry user, password</source>
        <translation>Registry-Benutzer, Passwort</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any librdkafka property, one KEY=VALUE a line. Write secrets as ${env:NAME} or ${file:/path}: they are stored as references and resolved when the cluster is opened.</source>
        <translation>Beliebige librdkafka-Eigenschaften, eine KEY=VALUE pro Zeile. Geheimnisse als ${env:NAME} oder ${file:/pfad} schreiben: sie werden als Verweise gespeichert und beim Öffnen des Clusters aufgelöst.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test registry</source>
        <translation>Registry testen</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>give the cluster a name</source>
        <translation>Geben Sie dem Cluster einen Namen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a cluster named &quot;%1&quot; exists already</source>
        <translation>ein Cluster namens „%1“ existiert bereits</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>bootstrap servers are missing (host:port, comma-separated)</source>
        <translation>Bootstrap-Server fehlen (host:port, durch Kommas getrennt)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Connected: %n broker(s), </source>
        <translation>
            <numerusform>Verbunden: %n Broker, </numerusform>
            <numerusform>Verbunden: %n Broker, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n topic(s).</source>
        <translation>
            <numerusform>%n Topic.</numerusform>
            <numerusform>%n Topics.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No Schema Registry URL to test.</source>
        <translation>Keine Schema-Registry-URL zum Testen.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Calling %1/subjects…</source>
        <translation>Rufe %1/subjects auf…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The embedded Schema Registry is not running (it starts with the Local cluster): %1</source>
        <translation>Die eingebaute Schema Registry läuft nicht (sie startet mit dem lokalen Cluster): %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1/subjects did not answer with a list of subjects — is this a Schema Registry?</source>
        <translation>%1/subjects hat nicht mit einer Liste von Subjects geantwortet — ist das eine Schema Registry?</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Schema Registry at %1 answers: %n subject(s).</source>
        <translation>
            <numerusform>Schema Registry unter %1 antwortet: %n Subject.</numerusform>
            <numerusform>Schema Registry unter %1 antwortet: %n Subjects.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ClusterView</name>
    <message>
        <location filename="../widgets/browser/cluster_view.cpp" line="+45"/>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No Schema Registry set for this cluster.</source>
        <translation>Für diesen Cluster ist keine Schema Registry eingestellt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Schema Registry: starting with the embedded broker…</source>
        <translation>Schema Registry: startet mit dem eingebauten Broker…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schema Registry at %1</source>
        <translation>Schema Registry unter %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&lt;b&gt;Brokers&lt;/b&gt;</source>
        <translation>&lt;b&gt;Broker&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rack</source>
        <translation>Rack</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Controller</source>
        <translation>Controller</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consumer groups</source>
        <translation>Consumer-Gruppen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schema Registry</source>
        <translation>Schema Registry</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Connected to &lt;b&gt;%1&lt;/b&gt; (%2)</source>
        <translation>Verbunden mit &lt;b&gt;%1&lt;/b&gt; (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot connect to %1: %2</source>
        <translation>Keine Verbindung zu %1: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Schema Registry on &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Schema Registry unter &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schema Registry: %1</source>
        <translation>Schema Registry: %1</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>brokers</source>
        <translation>Broker</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>partitions</source>
        <translation>Partitionen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>under-replicated</source>
        <translation>unterrepliziert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>consumer groups</source>
        <translation>Consumer-Gruppen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>controller</source>
        <translation>Controller</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ConfirmDeleteDialog</name>
    <message>
        <location filename="../widgets/browser/confirm_delete_dialog.cpp" line="+12"/>
        <source>Delete topic %1</source>
        <translation>Topic %1 löschen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deleting &lt;b&gt;%1&lt;/b&gt; removes it and its %2 message(s) from the cluster. This cannot be undone.&lt;br&gt;&lt;br&gt;Type the topic&apos;s name to confirm:</source>
        <translation>Das Löschen von &lt;b&gt;%1&lt;/b&gt; entfernt das Topic und seine %2 Nachricht(en) aus dem Cluster. Das kann nicht rückgängig gemacht werden.&lt;br&gt;&lt;br&gt;Geben Sie zur Bestätigung den Namen des Topics ein:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ConnectImportDialog</name>
    <message>
        <location filename="../widgets/shell/connect_dialogs.cpp" line="-81"/>
        <source>Import Kafka Connect configs</source>
        <translation>Kafka-Connect-Konfigurationen importieren</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open Pipeline</source>
        <translation>Pipeline öffnen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>imported-connectors</source>
        <translation>importierte-connectoren</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n connector(s) became %1 nodes. Settings that were not carried over as they were:</source>
        <translation>
            <numerusform>%n Connector wurde zu %1 Knoten. Einstellungen, die nicht unverändert übernommen wurden:</numerusform>
            <numerusform>%n Connectoren wurden zu %1 Knoten. Einstellungen, die nicht unverändert übernommen wurden:</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing can be imported:</source>
        <translation>Nichts kann importiert werden:</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::CreateTopicDialog</name>
    <message>
        <location filename="../widgets/browser/create_topic_dialog.cpp" line="+19"/>
        <source>Create topic</source>
        <translation>Topic anlegen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>orders</source>
        <translation>orders</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>cleanup.policy=compact
retention.ms=604800000</source>
        <translation>cleanup.policy=compact
retention.ms=604800000</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partitions</source>
        <translation>Partitionen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replication factor</source>
        <translation>Replikationsfaktor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Configs</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>a topic name is 1 to 249 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; (not &quot;%1&quot;)</source>
        <translation>ein Topic-Name besteht aus 1 bis 249 Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; oder &apos;-&apos; (nicht „%1“)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>config line %1 (&quot;%2&quot;) is not KEY=VALUE</source>
        <translation>Konfigurationszeile %1 („%2“) hat nicht die Form KEY=VALUE</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::DashboardWidget</name>
    <message>
        <location filename="../widgets/dashboard/dashboard_widget.cpp" line="+520"/>
        <source>Last 5 minutes</source>
        <translation>Letzte 5 Minuten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 15 minutes</source>
        <translation>Letzte 15 Minuten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 6 hours</source>
        <translation>Letzte 6 Stunden</translation>
    </message>
    <message>
        <location line="-429"/>
        <source>Custom…</source>
        <translation>Eigener…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh off</source>
        <translation>Nie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Every 1 s</source>
        <translation>Sekündlich</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Every 5 s</source>
        <translation>Alle 5 s</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Every 10 s</source>
        <translation>Alle 10 s</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Every 30 s</source>
        <translation>Alle 30 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How often the charts redraw</source>
        <translation>Wie oft die Diagramme neu gezeichnet werden</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+417"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location line="-415"/>
        <source>Freeze the charts (sampling and alerts go on)</source>
        <translation>Diagramme anhalten (Messung und Alarme laufen weiter)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add panel</source>
        <translation>Neues Diagramm</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Default layout</source>
        <translation>Standardlayout</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replace the panels with the generated default (alert rules stay)</source>
        <translation>Die Diagramme durch die erzeugte Standardanordnung ersetzen (Alarmregeln bleiben)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dashboards ▾</source>
        <translation>Dashboards ▾</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save this dashboard by name, or open a saved one for this pipeline</source>
        <translation>Dieses Dashboard unter einem Namen speichern oder ein gespeichertes für diese Pipeline öffnen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Full size</source>
        <translation>Großansicht</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Per runner</source>
        <translation>Je Runner</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Also draw each runner&apos;s own line next to the merged one</source>
        <translation>Zusätzlich zur zusammengeführten Linie die Linie jedes Runners zeichnen</translation>
    </message>
    <message>
        <location line="+169"/>
        <source>The saved dashboard was not used: %1</source>
        <translation>Das gespeicherte Dashboard wurde nicht verwendet: %1</translation>
    </message>
    <message>
        <location line="-177"/>
        <source>Show the full-size dashboard (the Dashboard tab next to the designer), with stats and a table per node</source>
        <translation>Das Dashboard in voller Größe zeigen (der Reiter Dashboard neben dem Designer), mit Kennzahlen und einer Tabelle pro Knoten</translation>
    </message>
    <message>
        <location line="+358"/>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>%1 series · history %2 kB</source>
        <translation>%1 Reihen · Verlauf %2 kB</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 is %2</source>
        <translation>%1 ist %2</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Alert firing: %1</source>
        <translation>Alarm ausgelöst: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Firing: %1</source>
        <translation>Ausgelöst: %1</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Saved as user dashboard &quot;%1&quot;</source>
        <translation>Als Benutzer-Dashboard „%1“ gespeichert</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>User dashboard &quot;%1&quot;</source>
        <translation>Benutzer-Dashboard „%1“</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save as user dashboard…</source>
        <translation>Als Benutzer-Dashboard speichern…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+11"/>
        <source>Open user dashboard</source>
        <translation>Benutzer-Dashboard öffnen</translation>
    </message>
    <message>
        <location line="-10"/>
        <location line="+13"/>
        <location line="+4"/>
        <source>Delete user dashboard</source>
        <translation>Benutzer-Dashboard löschen</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>(none saved yet)</source>
        <translation>(noch keines gespeichert)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Delete the user dashboard &quot;%1&quot;?</source>
        <translation>Benutzer-Dashboard „%1“ löschen?</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stored in %1</source>
        <translation>Gespeichert in %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+4"/>
        <location line="+4"/>
        <location line="+6"/>
        <source>Save as user dashboard</source>
        <translation>Als Benutzer-Dashboard speichern</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Name (letters, digits, space, &apos;.&apos;, &apos;-&apos;, &apos;_&apos;):</source>
        <translation>Name (Buchstaben, Ziffern, Leerzeichen, &apos;.&apos;, &apos;-&apos;, &apos;_&apos;):</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A user dashboard &quot;%1&quot; exists. Replace it?</source>
        <translation>Ein Benutzer-Dashboard „%1“ existiert bereits. Ersetzen?</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::DataPreview</name>
    <message>
        <location filename="../widgets/panels/data_preview.cpp" line="+63"/>
        <source>Run the pipeline and select a connection to see the records passing along it.</source>
        <translation>Führen Sie die Pipeline aus und wählen Sie eine Verbindung, um die durchlaufenden Datensätze zu sehen.</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::EdgeItem</name>
    <message>
        <location filename="../widgets/canvas/edge_item.cpp" line="+109"/>
        <source>
Queue into %1: %2 records, %3 % of %4 batches</source>
        <translation>
Warteschlange in %1: %2 Datensätze, %3 % von %4 Batches</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>
%1 is waiting for room: %2 takes records more slowly than they come</source>
        <translation>
%1 wartet auf Platz: %2 nimmt Datensätze langsamer an, als sie ankommen</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::FieldEditor</name>
    <message>
        <location filename="../widgets/inspector/field_editors.cpp" line="+72"/>
        <location line="+4"/>
        <source>Show the value</source>
        <translation>Wert anzeigen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hide the value</source>
        <translation>Wert verbergen</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>not set</source>
        <translation>nicht gesetzt</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Back to the default (%1)</source>
        <translation>Zurück zum Standardwert (%1)</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Back to the default</source>
        <translation>Zurück zum Standardwert</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 (default)</source>
        <translation>%1 (Standard)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>e.g. 500ms, 10s, 5m</source>
        <translation>z. B. 500ms, 10s, 5m</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>e.g. 512KiB, 10MB</source>
        <translation>z. B. 512KiB, 10MB</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>not a duration</source>
        <translation>keine Dauer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not a size</source>
        <translation>keine Größe</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+93"/>
        <source>Add an entry</source>
        <translation>Eintrag hinzufügen</translation>
    </message>
    <message>
        <location line="-92"/>
        <location line="+93"/>
        <source>Remove the selected entry</source>
        <translation>Ausgewählten Eintrag entfernen</translation>
    </message>
    <message numerus="yes">
        <location line="-30"/>
        <source>%n entries</source>
        <translation>
            <numerusform>%n Eintrag</numerusform>
            <numerusform>%n Einträge</numerusform>
        </translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>an expression, e.g. price &gt; 100</source>
        <translation>ein Ausdruck, z. B. price &gt; 100</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::FullDashboard</name>
    <message>
        <location filename="../widgets/dashboard/full_dashboard.cpp" line="+15"/>
        <location line="+10"/>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Records in /s</source>
        <translation>Datensätze ein /s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Records out /s</source>
        <translation>Datensätze aus /s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Errors /s</source>
        <translation>Fehler /s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End-to-end p99</source>
        <translation>Ende-zu-Ende p99</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fullest queue</source>
        <translation>Vollste Warteschlange</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>since the run started (%1)</source>
        <translation>seit Start des Laufs (%1)</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::GroupsPage</name>
    <message>
        <location filename="../widgets/browser/groups_page.cpp" line="+51"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+23"/>
        <source>Lag</source>
        <translation>Rückstand</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+100"/>
        <source>Select a group.</source>
        <translation>Wählen Sie eine Gruppe.</translation>
    </message>
    <message>
        <location line="-97"/>
        <source>&lt;b&gt;Members&lt;/b&gt;</source>
        <translation>&lt;b&gt;Mitglieder&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assignment</source>
        <translation>Zuweisung</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;b&gt;Offsets and lag&lt;/b&gt;</source>
        <translation>&lt;b&gt;Offsets und Rückstand&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Committed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reset offsets…</source>
        <translation>Offsets zurücksetzen…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Loading groups…</source>
        <translation>Lade Gruppen…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Cannot list groups: %1</source>
        <translation>Gruppen können nicht aufgelistet werden: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>%n group(s)</source>
        <translation>
            <numerusform>%n Gruppe</numerusform>
            <numerusform>%n Gruppen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Cannot describe %1: %2</source>
        <translation>%1 kann nicht beschrieben werden: %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · state %2 · assignor %3 · coordinator %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · Zustand %2 · Zuweiser %3 · Koordinator %4</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+17"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Total lag: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Gesamtrückstand: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Offsets can be reset only while the group has no active members: Kafka refuses to move them under %n running consumer(s). Stop them first.</source>
        <translation>
            <numerusform>Offsets können nur zurückgesetzt werden, solange die Gruppe keine aktiven Mitglieder hat: Kafka verschiebt sie nicht unter %n laufendem Consumer. Beenden Sie ihn zuerst.</numerusform>
            <numerusform>Offsets können nur zurückgesetzt werden, solange die Gruppe keine aktiven Mitglieder hat: Kafka verschiebt sie nicht unter %n laufenden Consumern. Beenden Sie diese zuerst.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The group has no committed offsets to reset.</source>
        <translation>Die Gruppe hat keine bestätigten Offsets, die zurückgesetzt werden könnten.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The group is empty: its offsets can be reset.</source>
        <translation>Die Gruppe ist leer: ihre Offsets können zurückgesetzt werden.</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>Moved the offsets of %1 on %n partition(s).</source>
        <translation>
            <numerusform>Offsets von %1 auf %n Partition verschoben.</numerusform>
            <numerusform>Offsets von %1 auf %n Partitionen verschoben.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::HeatmapPanel</name>
    <message>
        <location filename="../widgets/dashboard/heatmap_panel.cpp" line="+105"/>
        <source>No data: no per-partition series yet.</source>
        <translation>Keine Daten: noch keine Reihen pro Partition.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>0 to %1</source>
        <translation>0 bis %1</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::InfoBar</name>
    <message>
        <location filename="../widgets/shell/info_bar.cpp" line="+27"/>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::Inspector</name>
    <message>
        <location filename="../widgets/inspector/inspector.cpp" line="+142"/>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Settings of the whole pipeline</source>
        <translation>Einstellungen der gesamten Pipeline</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>pipeline-name</source>
        <translation>pipeline-name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What this pipeline does</source>
        <translation>Was diese Pipeline tut</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>host:port,… of a Kafka cluster, or &quot;embedded&quot; for the built-in broker</source>
        <translation>host:port,… eines Kafka-Clusters oder „embedded“ für den eingebauten Broker</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kafka cluster</source>
        <translation>Kafka-Cluster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&quot;embedded&quot; runs topics on the built-in broker; or give bootstrap servers (host:port,…) of a Kafka cluster.</source>
        <translation>„embedded“ betreibt die Topics auf dem eingebauten Broker; oder geben Sie die Bootstrap-Server (host:port,…) eines Kafka-Clusters an.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Select a node to edit its settings. Drag types from the palette onto the canvas, and drag from an output port to an input port to connect them.</source>
        <translation>Wählen Sie einen Knoten, um seine Einstellungen zu bearbeiten. Ziehen Sie Typen aus der Palette auf die Arbeitsfläche und ziehen Sie von einem Ausgang zu einem Eingang, um sie zu verbinden.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>Nach</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>While the pipeline runs, the Data Preview panel shows the last records that passed along this connection.</source>
        <translation>Während die Pipeline läuft, zeigt die Datenvorschau die letzten Datensätze, die über diese Verbindung gelaufen sind.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Unknown type</source>
        <translation>Unbekannter Typ</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Consumer group members and the partitions each holds now:</source>
        <translation>Mitglieder der Consumer-Gruppe und die Partitionen, die jedes jetzt hält:</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Edges, metrics and checkpoints refer to the node by this id</source>
        <translation>Verbindungen, Metriken und Checkpoints verweisen über diese ID auf den Knoten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label</source>
        <translation>Beschriftung</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This build has no node type &quot;%1&quot;, so its settings cannot be edited here. The node is kept as it is in the file.</source>
        <translation>Dieser Build hat keinen Knotentyp „%1“, daher können seine Einstellungen hier nicht bearbeitet werden. Der Knoten bleibt in der Datei, wie er ist.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Advanced settings</source>
        <translation>Erweiterte Einstellungen</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>This node has no settings.</source>
        <translation>Dieser Knoten hat keine Einstellungen.</translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n Fehler</numerusform>
            <numerusform>%n Fehler</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No errors</source>
        <translation>Keine Fehler</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n Warnung</numerusform>
            <numerusform>%n Warnungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n Knoten</numerusform>
            <numerusform>%n Knoten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n Verbindung</numerusform>
            <numerusform>%n Verbindungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::LogPanel</name>
    <message>
        <location filename="../widgets/panels/log_panel.cpp" line="+88"/>
        <source>Follow</source>
        <translation>Mitlaufen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All levels</source>
        <translation>Alle Stufen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Info and above</source>
        <translation>Info und höher</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Errors only</source>
        <translation>Nur Fehler</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+97"/>
        <source>All nodes</source>
        <translation>Alle Knoten</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>Filter messages</source>
        <translation>Meldungen filtern</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep the newest line in view</source>
        <translation>Die neueste Zeile sichtbar halten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the selected lines (or all lines shown)</source>
        <translation>Ausgewählte Zeilen kopieren (oder alle angezeigten)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Clear the log view (the log file keeps everything)</source>
        <translation>Protokollansicht leeren (die Protokolldatei behält alles)</translation>
    </message>
    <message numerus="yes">
        <location line="+70"/>
        <source>%n log record(s) were dropped while the view was busy (the log file has them)</source>
        <translation>
            <numerusform>%n Protokolleintrag wurde verworfen, während die Ansicht ausgelastet war (die Protokolldatei enthält ihn)</numerusform>
            <numerusform>%n Protokolleinträge wurden verworfen, während die Ansicht ausgelastet war (die Protokolldatei enthält sie)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::MainWindow</name>
    <message>
        <location filename="../widgets/shell/main_window.cpp" line="+116"/>
        <source>Not connected: %1</source>
        <translation>Nicht verbunden: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Problems (%1)</source>
        <translation>Probleme (%1)</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+280"/>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <location line="-234"/>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start an empty pipeline</source>
        <translation>Eine leere Pipeline beginnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open…</source>
        <translation>&amp;Öffnen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a pipeline file</source>
        <translation>Eine Pipeline-Datei öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New from &amp;Template…</source>
        <translation>Neu aus &amp;Vorlage…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+Shift+N</source>
        <translation>Ctrl+Shift+N</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start from one of the example pipelines</source>
        <translation>Mit einer der Beispiel-Pipelines beginnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save &amp;As…</source>
        <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ctrl+Shift+Z</source>
        <translation>Ctrl+Shift+Z</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+Y</source>
        <translation>Ctrl+Y</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cu&amp;t</source>
        <translation>Aus&amp;schneiden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Paste</source>
        <translation>&amp;Einfügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplizieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select &amp;All</source>
        <translation>&amp;Alles auswählen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+=</source>
        <translation>Ctrl+=</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl++</source>
        <translation>Ctrl++</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Actual Size</source>
        <translation>&amp;Originalgröße</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auto &amp;Layout</source>
        <translation>Automatisch &amp;anordnen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arrange the nodes left to right</source>
        <translation>Die Knoten von links nach rechts anordnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Snap to Grid</source>
        <translation>Am &amp;Raster ausrichten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show &amp;Grid</source>
        <translation>Raster an&amp;zeigen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Run the pipeline on this machine</source>
        <translation>Die Pipeline auf diesem Rechner ausführen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shift+F5</source>
        <translation>Shift+F5</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stop the running pipeline</source>
        <translation>Die laufende Pipeline stoppen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Validate</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+Shift+V</source>
        <translation>Ctrl+Shift+V</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Tributary</source>
        <translation>Ü&amp;ber Tributary</translation>
    </message>
    <message numerus="yes">
        <location line="+36"/>
        <source>%n problem(s) found</source>
        <translation>
            <numerusform>%n Problem gefunden</numerusform>
            <numerusform>%n Probleme gefunden</numerusform>
        </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No problems found</source>
        <translation>Keine Probleme gefunden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>About Tributary</source>
        <translation>Über Tributary</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h3&gt;Tributary %1&lt;/h3&gt;&lt;p&gt;Design, run and inspect Kafka streaming pipelines.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Tributary %1&lt;/h3&gt;&lt;p&gt;Kafka-Streaming-Pipelines entwerfen, ausführen und untersuchen.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>&amp;Kafka Connect Configs…</source>
        <translation>&amp;Kafka-Connect-Konfigurationen…</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Topic &amp;Browser</source>
        <translation>Topic-&amp;Browser</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ctrl+Shift+T</source>
        <translation>Ctrl+Shift+T</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse topics, messages and consumer groups of any Kafka cluster</source>
        <translation>Topics, Nachrichten und Consumer-Gruppen eines beliebigen Kafka-Clusters durchsuchen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Panels</source>
        <translation>Bedienfel&amp;der</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Theme</source>
        <translation>Farbsc&amp;hema</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follow &amp;System</source>
        <translation>&amp;System folgen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Language</source>
        <translation>S&amp;prache</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Follow S&amp;ystem</source>
        <translation>&amp;System folgen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Pipeline</source>
        <translation>&amp;Pipeline</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Palette</source>
        <translation>Palette</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Inspector</source>
        <translation>Inspektor</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Data Preview</source>
        <translation>Datenvorschau</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Runners</source>
        <translation>Runner</translation>
    </message>
    <message>
        <location line="-308"/>
        <location line="+314"/>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location line="-320"/>
        <source>Designer</source>
        <translation>Designer</translation>
    </message>
    <message>
        <location line="+327"/>
        <source>Sandbox</source>
        <translation>Sandbox</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Zoom</source>
        <translation>Zoom</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The language changes at the next start of Tributary.</source>
        <translation>Die Sprache wechselt beim nächsten Start von Tributary.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Untitled</source>
        <translation>Unbenannt</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Embedded broker</source>
        <translation>Eingebauter Broker</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cluster: %1</source>
        <translation>Cluster: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Topic nodes use this Kafka cluster (Pipeline settings)</source>
        <translation>Topic-Knoten verwenden diesen Kafka-Cluster (Pipeline-Einstellungen)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Running · %1 records/s</source>
        <translation>Läuft · %1 Datensätze/s</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Empty</source>
        <translation>Leer</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Not runnable · %n error(s)</source>
        <translation>
            <numerusform>Nicht ausführbar · %n Fehler</numerusform>
            <numerusform>Nicht ausführbar · %n Fehler</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ready to run</source>
        <translation>Bereit zur Ausführung</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Import Kafka Connect configs</source>
        <translation>Kafka-Connect-Konfigurationen importieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connector configs (*.json);;All files (*)</source>
        <translation>Connector-Konfigurationen (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>New pipeline from template %1 — save it to keep it</source>
        <translation>Neue Pipeline aus der Vorlage %1 — speichern Sie sie, um sie zu behalten</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This is the demo pipeline: generated records flow through a transform into sinks. Run it to watch the records move.</source>
        <translation>Dies ist die Demo-Pipeline: erzeugte Datensätze fließen durch eine Transformation in Senken. Führen Sie sie aus, um die Datensätze fließen zu sehen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run the demo</source>
        <translation>Demo ausführen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+17"/>
        <source>Cannot save</source>
        <translation>Speichern nicht möglich</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Save Pipeline</source>
        <translation>Pipeline speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tributary pipelines (*.tributary.json);;JSON files (*.json)</source>
        <translation>Tributary-Pipelines (*.tributary.json);;JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Open Pipeline</source>
        <translation>Pipeline öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tributary pipelines (*.tributary.json *.json);;All files (*)</source>
        <translation>Tributary-Pipelines (*.tributary.json *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+70"/>
        <source>Cannot open %1</source>
        <translation>%1 kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location line="-60"/>
        <source>Cannot open the template</source>
        <translation>Die Vorlage kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The pipeline &quot;%1&quot; has changes that are not saved.</source>
        <translation>Die Pipeline „%1“ hat ungespeicherte Änderungen.</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>No recent files</source>
        <translation>Keine zuletzt geöffneten Dateien</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear List</source>
        <translation>Liste leeren</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>Copied %n node(s)</source>
        <translation>
            <numerusform>%n Knoten kopiert</numerusform>
            <numerusform>%n Knoten kopiert</numerusform>
        </translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The clipboard holds no pipeline nodes</source>
        <translation>Die Zwischenablage enthält keine Pipeline-Knoten</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Paste</source>
        <translation>Einfügen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Duplicate</source>
        <translation>Duplizieren</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The pipeline failed: %1</source>
        <translation>Die Pipeline ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stopped: %1</source>
        <translation>Gestoppt: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Fix the errors listed under Problems before running.</source>
        <translation>Beheben Sie vor der Ausführung die unter Probleme aufgeführten Fehler.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot run: %1</source>
        <translation>Ausführung nicht möglich: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Running on the embedded runtime</source>
        <translation>Läuft in der eingebauten Laufzeitumgebung</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Recover unsaved work?</source>
        <translation>Ungespeicherte Arbeit wiederherstellen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tributary did not close normally. Unsaved changes to &quot;%1&quot; from %2 were kept. Recover them?</source>
        <translation>Tributary wurde nicht normal beendet. Ungespeicherte Änderungen an „%1“ vom %2 wurden aufbewahrt. Wiederherstellen?</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::MessageDetail</name>
    <message>
        <location filename="../widgets/browser/message_detail.cpp" line="-65"/>
        <location line="+172"/>
        <source>Select a message to see it here.</source>
        <translation>Wählen Sie eine Nachricht, um sie hier zu sehen.</translation>
    </message>
    <message>
        <location line="-168"/>
        <source>Load whole value</source>
        <translation>Ganzen Wert laden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the value to the clipboard</source>
        <translation>Den Wert in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the value (raw bytes) to a file</source>
        <translation>Den Wert (Rohbytes) in eine Datei speichern</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+15"/>
        <location line="+4"/>
        <location line="+95"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="-99"/>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+104"/>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <location line="-103"/>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · partition %2 · offset %3 · %4 · key %5 B · value %6 B · %7 header(s)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · Partition %2 · Offset %3 · %4 · Schlüssel %5 B · Wert %6 B · %7 Header</translation>
    </message>
    <message>
        <location line="+9"/>
        <source> · &lt;span style=&apos;color:%1&apos;&gt;showing the first %2 bytes&lt;/span&gt;</source>
        <translation> · &lt;span style=&apos;color:%1&apos;&gt;die ersten %2 Bytes werden angezeigt&lt;/span&gt;</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>(null — a tombstone)</source>
        <translation>(null — ein Tombstone)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(no key)</source>
        <translation>(kein Schlüssel)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Headers (%1)</source>
        <translation>Header (%1)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>subject unknown</source>
        <translation>Subject unbekannt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: Avro, schema id %2 (%3)</source>
        <translation>%1: Avro, Schema-ID %2 (%3)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: Confluent-framed Avro, schema id %2 — not decoded: %3. Shown as hex.</source>
        <translation>%1: Avro im Confluent-Format, Schema-ID %2 — nicht dekodiert: %3. Als Hex angezeigt.</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Save value</source>
        <translation>Wert speichern</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::MessageTableModel</name>
    <message>
        <location filename="../widgets/browser/message_table_model.cpp" line="+41"/>
        <source>Avro · schema %1 · %2 bytes</source>
        <translation>Avro · Schema %1 · %2 Bytes</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>%1 bytes; the preview shows the first %2. Select the row to load it whole.</source>
        <translation>%1 Bytes; die Vorschau zeigt die ersten %2. Wählen Sie die Zeile, um alles zu laden.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Timestamp</source>
        <translation>Zeitstempel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::MessagesPage</name>
    <message>
        <location filename="../widgets/browser/messages_page.cpp" line="+74"/>
        <source>Newest</source>
        <translation>Neueste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From offset</source>
        <translation>Ab Offset</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From time</source>
        <translation>Ab Zeitpunkt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Live tail</source>
        <translation>Live mitlesen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>How many messages to show (for a search: the most matches to collect)</source>
        <translation>Wie viele Nachrichten angezeigt werden (bei einer Suche: höchstens so viele Treffer)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The first offset to read, in each selected partition</source>
        <translation>Der erste zu lesende Offset in jeder ausgewählten Partition</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+147"/>
        <source>All partitions</source>
        <translation>Alle Partitionen</translation>
    </message>
    <message>
        <location line="-143"/>
        <source>How keys and values are shown</source>
        <translation>Wie Schlüssel und Werte angezeigt werden</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+172"/>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <location line="-170"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Produce…</source>
        <translation>Senden…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Text in key, value or headers</source>
        <translation>Text in Schlüssel, Wert oder Headern</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Filter, e.g. value.amount &gt; 100 AND headers.origin = &apos;web&apos;</source>
        <translation>Filter, z. B. value.amount &gt; 100 AND headers.origin = &apos;web&apos;</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>scan </source>
        <translation>durchsuchen: </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The most records to scan (the newest ones)</source>
        <translation>Höchstzahl zu durchsuchender Datensätze (die neuesten)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Choose what to show, then Show.</source>
        <translation>Wählen Sie, was angezeigt werden soll, dann „Anzeigen“.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Export messages</source>
        <translation>Nachrichten exportieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON lines (*.jsonl);;CSV (*.csv)</source>
        <translation>JSON Lines (*.jsonl);;CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Shown rows (%1)…</source>
        <translation>Angezeigte Zeilen (%1)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All loaded or matching (%1)…</source>
        <translation>Alle geladenen bzw. passenden (%1)…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Partition %1</source>
        <translation>Partition %1</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Waiting for new messages…</source>
        <translation>Warte auf neue Nachrichten…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The start offset must be a number ≥ 0, not &quot;%1&quot;.</source>
        <translation>Der Start-Offset muss eine Zahl ≥ 0 sein, nicht „%1“.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reading…</source>
        <translation>Lese…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Filter: %1</source>
        <translation>Filter: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Searching…</source>
        <translation>Suche…</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Scanned %1 of %2 · %3 found…</source>
        <translation>%1 von %2 durchsucht · %3 gefunden…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Live tail: %1 message(s) received%2</source>
        <translation>Live mitlesen: %1 Nachricht(en) empfangen%2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> (the oldest %1 let go to bound memory)</source>
        <translation> (die ältesten %1 verworfen, um den Speicher zu begrenzen)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Scanned %1 of %2 in %3 ms · %4 found%5</source>
        <translation>%1 von %2 in %3 ms durchsucht · %4 gefunden%5</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> (cancelled)</source>
        <translation> (abgebrochen)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (stopped at the limit)</source>
        <translation> (am Limit gestoppt)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tail stopped after %1 message(s).</source>
        <translation>Mitlesen nach %1 Nachricht(en) gestoppt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 message(s) in %2 ms</source>
        <translation>%1 Nachricht(en) in %2 ms</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Confluent-framed Avro (schema id %1): give this cluster a Schema Registry to decode it. Shown as hex.</source>
        <translation>Avro im Confluent-Format (Schema-ID %1): geben Sie diesem Cluster eine Schema Registry, um es zu dekodieren. Als Hex angezeigt.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Decoding Avro (schema id %1)…</source>
        <translation>Dekodiere Avro (Schema-ID %1)…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Loading the whole value (%1 bytes)…</source>
        <translation>Lade den ganzen Wert (%1 Bytes)…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Cannot load the value: %1</source>
        <translation>Der Wert kann nicht geladen werden: %1</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Produced to partition %1 at offset %2.</source>
        <translation>In Partition %1 an Offset %2 gesendet.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Exporting %1 message(s)…</source>
        <translation>Exportiere %1 Nachricht(en)…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Exported %1 message(s) to %2.</source>
        <translation>%1 Nachricht(en) nach %2 exportiert.</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::NodePalette</name>
    <message>
        <location filename="../widgets/palette/node_palette.cpp" line="+142"/>
        <source>Search nodes…</source>
        <translation>Knoten suchen…</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::NodeTable</name>
    <message>
        <location filename="../widgets/dashboard/node_table.cpp" line="+25"/>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::PanelEditDialog</name>
    <message>
        <location filename="../widgets/dashboard/panel_edit_dialog.cpp" line="+34"/>
        <source>Add panel</source>
        <translation>Neues Diagramm</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit panel</source>
        <translation>Diagramm bearbeiten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time series</source>
        <translation>Zeitreihe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Single stat with sparkline</source>
        <translation>Einzelwert mit Sparkline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Table per node</source>
        <translation>Tabelle pro Knoten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap per partition</source>
        <translation>Heatmap pro Partition</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sum of the series</source>
        <translation>Summe der Reihen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest series</source>
        <translation>Größte Reihe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How a stat panel combines its series&apos; newest values</source>
        <translation>Wie ein Einzelwert-Diagramm die neuesten Werte seiner Reihen zusammenfasst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stat shows</source>
        <translation>Einzelwert zeigt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+81"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location line="-80"/>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>metric{label=&quot;value&quot;} | legend with {node}</source>
        <translation>metrik{label=&quot;wert&quot;} | Legende mit {node}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add series</source>
        <translation>Reihe hinzufügen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Series</source>
        <translation>Reihe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Multiplies every value, e.g. 1000 turns seconds into milliseconds</source>
        <translation>Multipliziert jeden Wert, z. B. macht 1000 aus Sekunden Millisekunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scale</source>
        <translation>Faktor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. 1000, 5000</source>
        <translation>z. B. 1000, 5000</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threshold lines</source>
        <translation>Schwellwertlinien</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Series line %1: %2</source>
        <translation>Reihe Zeile %1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Series: name at least one series, e.g. tributary_node_records_out_total:rate</source>
        <translation>Reihe: nennen Sie mindestens eine Reihe, z. B. tributary_node_records_out_total:rate</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Scale must not be 0</source>
        <translation>Der Faktor darf nicht 0 sein</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Threshold lines: &quot;%1&quot; is not a number</source>
        <translation>Schwellwertlinien: „%1“ ist keine Zahl</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::PipelineDocument</name>
    <message>
        <location filename="../widgets/document/pipeline_document.cpp" line="-104"/>
        <source>Add %1</source>
        <translation>%1 hinzufügen</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Connect %1 to %2</source>
        <translation>%1 mit %2 verbinden</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Move %1</source>
        <translation>%1 verschieben</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Move %n node(s)</source>
        <translation>
            <numerusform>%n Knoten verschieben</numerusform>
            <numerusform>%n Knoten verschieben</numerusform>
        </translation>
    </message>
    <message>
        <location line="+79"/>
        <source>A node cannot feed itself</source>
        <translation>Ein Knoten kann sich nicht selbst speisen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&quot;%1&quot; has no such output</source>
        <translation>„%1“ hat keinen solchen Ausgang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&quot;%1&quot; has no such input</source>
        <translation>„%1“ hat keinen solchen Eingang</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 emits %2, but input &quot;%3&quot; of %4 does not take them</source>
        <translation>%1 liefert %2, aber Eingang „%3“ von %4 nimmt diese nicht an</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>These ports are already connected</source>
        <translation>Diese Anschlüsse sind bereits verbunden</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>That would make a cycle; records must flow one way</source>
        <translation>Das ergäbe einen Zyklus; Datensätze müssen in eine Richtung fließen</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::PipelineScene</name>
    <message>
        <location filename="../widgets/canvas/pipeline_scene.cpp" line="+302"/>
        <source>Auto layout</source>
        <translation>Automatisch anordnen</translation>
    </message>
    <message>
        <location line="+198"/>
        <source>These ports cannot be connected</source>
        <translation>Diese Anschlüsse können nicht verbunden werden</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::PipelineView</name>
    <message>
        <location filename="../widgets/canvas/pipeline_view.cpp" line="+134"/>
        <source>Drag a source from the palette to begin</source>
        <translation>Ziehen Sie zum Start eine Quelle aus der Palette</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Connect outputs to inputs by dragging between ports · File ▸ New from Template for examples</source>
        <translation>Verbinden Sie Ausgänge mit Eingängen durch Ziehen zwischen Anschlüssen · Datei ▸ Neu aus Vorlage für Beispiele</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ProblemsPanel</name>
    <message>
        <location filename="../widgets/panels/problems_panel.cpp" line="+21"/>
        <source>No problems: the pipeline is valid.</source>
        <translation>Keine Probleme: die Pipeline ist gültig.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Where</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Problems (%1)</source>
        <translation>Probleme (%1)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ProduceDialog</name>
    <message>
        <location filename="../widgets/browser/produce_dialog.cpp" line="+25"/>
        <source>Produce to %1</source>
        <translation>An %1 senden</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>key (text)</source>
        <translation>Schlüssel (Text)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No key</source>
        <translation>Kein Schlüssel</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Text, as typed</source>
        <translation>Text, wie eingegeben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Avro (Schema Registry), typed as JSON</source>
        <translation>Avro (Schema Registry), als JSON eingegeben</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Avro needs a Schema Registry for this cluster</source>
        <translation>Avro braucht eine Schema Registry für diesen Cluster</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Value as</source>
        <translation>Wert als</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{&quot;id&quot;: 1}</source>
        <translation>{&quot;id&quot;: 1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>one NAME=VALUE a line</source>
        <translation>eine NAME=VALUE pro Zeile</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partitioner (by key)</source>
        <translation>Partitionierer (nach Schlüssel)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partition %1</source>
        <translation>Partition %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Produce</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>choose a subject and version whose schema could be read</source>
        <translation>wählen Sie ein Subject und eine Version, deren Schema gelesen werden konnte</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the value does not fit schema id %1 — %2</source>
        <translation>der Wert passt nicht zur Schema-ID %1 — %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>header line %1 (&quot;%2&quot;) is not NAME=VALUE</source>
        <translation>Header-Zeile %1 („%2“) hat nicht die Form NAME=VALUE</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>reading subjects…</source>
        <translation>lese Subjects…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the registry did not list subjects</source>
        <translation>die Registry hat keine Subjects aufgelistet</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+34"/>
        <location line="+43"/>
        <source>Schema Registry: %1</source>
        <translation>Schema Registry: %1</translation>
    </message>
    <message>
        <location line="-63"/>
        <source>the registry has no subjects</source>
        <translation>die Registry hat keine Subjects</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>latest</source>
        <translation>neueste</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>reading the schema…</source>
        <translation>lese das Schema…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>the registry&apos;s schema is not Avro we can read: %1</source>
        <translation>das Schema der Registry ist kein lesbares Avro: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>v%1 · schema id %2</source>
        <translation>v%1 · Schema-ID %2</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::RemoteRunMonitor</name>
    <message numerus="yes">
        <location filename="../widgets/runners/remote_run_monitor.cpp" line="+178"/>
        <source>%1: merged from %n runner(s)</source>
        <translation>
            <numerusform>%1: zusammengeführt aus %n Runner</numerusform>
            <numerusform>%1: zusammengeführt aus %n Runnern</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source> · %n unreachable (its last totals are kept, its rates are not counted)</source>
        <translation>
            <numerusform> · %n nicht erreichbar (seine letzten Summen bleiben, seine Raten zählen nicht)</numerusform>
            <numerusform> · %n nicht erreichbar (ihre letzten Summen bleiben, ihre Raten zählen nicht)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+19"/>
        <source>on %1: %2</source>
        <translation>auf %1: %2</translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>%n stale</source>
        <translation>
            <numerusform>%n veraltet</numerusform>
            <numerusform>%n veraltet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Merged from %n runner(s):</source>
        <translation>
            <numerusform>Zusammengeführt aus %n Runner:</numerusform>
            <numerusform>Zusammengeführt aus %n Runnern:</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: %2 records</source>
        <translation>%1: %2 Datensätze</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, %1/s</source>
        <translation>, %1/s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> — &lt;span style=&apos;color:#d04545&apos;&gt;unreachable since %1: last total counted, rate not&lt;/span&gt;</source>
        <translation> — &lt;span style=&apos;color:#d04545&apos;&gt;nicht erreichbar seit %1: letzte Summe gezählt, Rate nicht&lt;/span&gt;</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>, %n error(s)</source>
        <translation>
            <numerusform>, %n Fehler</numerusform>
            <numerusform>, %n Fehler</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ResetOffsetsDialog</name>
    <message>
        <location filename="../widgets/browser/reset_offsets_dialog.cpp" line="+18"/>
        <source>Reset offsets of %1</source>
        <translation>Offsets von %1 zurücksetzen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Moves the committed offsets of group &lt;b&gt;%1&lt;/b&gt; for every partition of the topic. The group&apos;s consumers start from there when they next join.</source>
        <translation>Verschiebt die bestätigten Offsets der Gruppe &lt;b&gt;%1&lt;/b&gt; für jede Partition des Topics. Die Consumer der Gruppe beginnen dort, wenn sie das nächste Mal beitreten.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Earliest</source>
        <translation>Frühester</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latest</source>
        <translation>Neuester</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+9"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location line="-8"/>
        <location line="+7"/>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move to</source>
        <translation>Verschieben nach</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>the offset must be a number ≥ 0, not &quot;%1&quot;</source>
        <translation>der Offset muss eine Zahl ≥ 0 sein, nicht „%1“</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the group has no topic to reset</source>
        <translation>die Gruppe hat kein Topic zum Zurücksetzen</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::RunController</name>
    <message>
        <location filename="../widgets/run/run_controller.cpp" line="+104"/>
        <source>Idle</source>
        <translation>Leerlauf</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Starting</source>
        <translation>Startet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopping</source>
        <translation>Stoppt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+184"/>
        <source>Select a connection on the canvas to see the records passing along it.</source>
        <translation>Wählen Sie eine Verbindung auf der Arbeitsfläche, um die durchlaufenden Datensätze zu sehen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Last records from %1 to %2</source>
        <translation>Letzte Datensätze von %1 nach %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+6"/>
        <source>No records have passed along %1 → %2 yet.</source>
        <translation>Über %1 → %2 sind noch keine Datensätze gelaufen.</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source> · a sample of %n</source>
        <translation>
            <numerusform> · eine Stichprobe von %n</numerusform>
            <numerusform> · eine Stichprobe von %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::RunnersPanel</name>
    <message>
        <location filename="../widgets/runners/runners_panel.cpp" line="+58"/>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add a runner by URL and token</source>
        <translation>Einen Runner über URL und Token hinzufügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Forget the selected runners</source>
        <translation>Die ausgewählten Runner vergessen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ask every runner for its health and pipelines now</source>
        <translation>Jeden Runner jetzt nach Zustand und Pipelines fragen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deploy</source>
        <translation>Bereitstellen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Deploy the open pipeline to the selected runners (all when none is selected) and start it</source>
        <translation>Die geöffnete Pipeline auf den ausgewählten Runnern bereitstellen (auf allen, wenn keiner ausgewählt ist) und starten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Restart on failure</source>
        <translation>Bei Fehler neu starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Always restart</source>
        <translation>Immer neu starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Never restart</source>
        <translation>Nie neu starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What a runner does when the deployed pipeline fails: restart it after 1 s, 2 s, 4 s … up to 60 s (always: also when it finishes), or leave it failed</source>
        <translation>Was ein Runner tut, wenn die bereitgestellte Pipeline fehlschlägt: nach 1 s, 2 s, 4 s … bis zu 60 s neu starten (immer: auch wenn sie endet) oder im Fehlerzustand lassen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start the open pipeline on the selected runners</source>
        <translation>Die geöffnete Pipeline auf den ausgewählten Runnern starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stop the open pipeline on the selected runners</source>
        <translation>Die geöffnete Pipeline auf den ausgewählten Runnern stoppen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Runner / pipeline</source>
        <translation>Runner / Pipeline</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Version / state</source>
        <translation>Version / Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No runners yet: add one with its URL (e.g. http://10.0.0.7:7070) and its API token.</source>
        <translation>Noch keine Runner: fügen Sie einen mit seiner URL (z. B. http://10.0.0.7:7070) und seinem API-Token hinzu.</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n runner(s) from the last session.</source>
        <translation>
            <numerusform>%n Runner aus der letzten Sitzung.</numerusform>
            <numerusform>%n Runner aus der letzten Sitzung.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Add a runner</source>
        <translation>Runner hinzufügen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the content of the runner&apos;s api-token file</source>
        <translation>der Inhalt der api-token-Datei des Runners</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A runner URL starts with http:// or https:// — &quot;%1&quot; does not.</source>
        <translation>Eine Runner-URL beginnt mit http:// oder https:// — „%1“ nicht.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is in the list already.</source>
        <translation>%1 ist bereits in der Liste.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The token of %1 is used for this session only: %2</source>
        <translation>Das Token von %1 gilt nur für diese Sitzung: %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>healthy</source>
        <translation>gesund</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+75"/>
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <location line="-67"/>
        <source>%1 mode, wants %2</source>
        <translation>Modus %1, will %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; singleton part: %1</source>
        <translation>; Singleton-Teil: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>; restart %1</source>
        <translation>; Neustart %1</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>%1 records into sinks</source>
        <translation>%1 Datensätze in Senken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, %1/s</source>
        <translation>, %1/s</translation>
    </message>
    <message>
        <location line="+0"/>
        <source> (stale: no answer)</source>
        <translation> (veraltet: keine Antwort)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No answer since %1 (%2). Its last totals stay in the merged figures; its rates do not.</source>
        <translation>Keine Antwort seit %1 (%2). Seine letzten Summen bleiben in den zusammengeführten Zahlen, seine Raten nicht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>last: %1</source>
        <translation>zuletzt: %1</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+25"/>
        <source>Add a runner first.</source>
        <translation>Fügen Sie zuerst einen Runner hinzu.</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Give the pipeline a name before deploying it.</source>
        <translation>Geben Sie der Pipeline vor dem Bereitstellen einen Namen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deploying %1…</source>
        <translation>Stelle %1 bereit…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>refused: %1</source>
        <translation>abgelehnt: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deployed and started</source>
        <translation>bereitgestellt und gestartet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 on %2: %3</source>
        <translation>%1 auf %2: %3</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1 %2 on %3: %4</source>
        <translation>%1 %2 auf %3: %4</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::SandboxController</name>
    <message>
        <location filename="../widgets/sandbox/sandbox_controller.cpp" line="+44"/>
        <source>Sandbox traffic stopped: %1</source>
        <translation>Sandbox-Verkehr gestoppt: %1</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1 has no sandbox</source>
        <translation>%1 hat keine Sandbox</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Starting the sandbox: %1…</source>
        <translation>Starte die Sandbox: %1…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Sandbox running</source>
        <translation>Sandbox läuft</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::SandboxPanel</name>
    <message>
        <location filename="../widgets/sandbox/sandbox_panel.cpp" line="+10"/>
        <source>Local throw-away servers for templates. They stop when Tributary quits unless &lt;i&gt;Keep running&lt;/i&gt; is ticked.</source>
        <translation>Lokale Wegwerf-Server für Vorlagen. Sie stoppen beim Beenden von Tributary, außer &lt;i&gt;Weiterlaufen lassen&lt;/i&gt; ist angekreuzt.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Open in terminal</source>
        <translation>Im Terminal öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep running</source>
        <translation>Weiterlaufen lassen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave this server running when Tributary quits</source>
        <translation>Diesen Server beim Beenden von Tributary weiterlaufen lassen</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>not created yet</source>
        <translation>noch nicht angelegt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>  ·  user %1  ·  password %2</source>
        <translation>  ·  Benutzer %1  ·  Passwort %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>No terminal emulator found (x-terminal-emulator, gnome-terminal, konsole, xterm). Run: %1</source>
        <translation>Kein Terminalemulator gefunden (x-terminal-emulator, gnome-terminal, konsole, xterm). Ausführen: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not start %1</source>
        <translation>%1 konnte nicht gestartet werden</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::SchemaRegistryPage</name>
    <message>
        <location filename="../widgets/browser/schema_registry_page.cpp" line="+125"/>
        <source>Schema Registry: connecting…</source>
        <translation>Schema Registry: verbinde…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This cluster has no Schema Registry: edit the cluster to set one.</source>
        <translation>Dieser Cluster hat keine Schema Registry: bearbeiten Sie den Cluster, um eine einzustellen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Global compatibility</source>
        <translation>Globale Kompatibilität</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The registry&apos;s default level (PUT /config)</source>
        <translation>Die Standardstufe der Registry (PUT /config)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&lt;b&gt;Subjects&lt;/b&gt;</source>
        <translation>&lt;b&gt;Subjects&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;b&gt;Versions&lt;/b&gt;</source>
        <translation>&lt;b&gt;Versionen&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Select a subject.</source>
        <translation>Wählen Sie ein Subject.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Compatibility</source>
        <translation>Kompatibilität</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The subject&apos;s compatibility level (PUT /config/{subject})</source>
        <translation>Die Kompatibilitätsstufe des Subjects (PUT /config/{subject})</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Delete version…</source>
        <translation>Version löschen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete subject…</source>
        <translation>Subject löschen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Permanently (cannot be undone)</source>
        <translation>Endgültig (nicht rückgängig zu machen)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Schema</source>
        <translation>Schema</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>with version</source>
        <translation>mit Version</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Compare versions</source>
        <translation>Versionen vergleichen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Paste an Avro schema (JSON) here</source>
        <translation>Fügen Sie hier ein Avro-Schema (JSON) ein</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Against version</source>
        <translation>Gegen Version</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check compatibility</source>
        <translation>Kompatibilität prüfen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>orders-value</source>
        <translation>orders-value</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Register</source>
        <translation>Registrieren</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Check and register</source>
        <translation>Prüfen und registrieren</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Schema Registry: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Schema Registry: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Schema Registry: %1</source>
        <translation>Schema Registry: %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Loading subjects…</source>
        <translation>Lade Subjects…</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%n subject(s).</source>
        <translation>
            <numerusform>%n Subject.</numerusform>
            <numerusform>%n Subjects.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Loading %1…</source>
        <translation>Lade %1…</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(the global level; this subject has none of its own)</source>
        <translation>(die globale Stufe; dieses Subject hat keine eigene)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+112"/>
        <source>(this subject&apos;s own level)</source>
        <translation>(die eigene Stufe dieses Subjects)</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>%1 has no versions.</source>
        <translation>%1 hat keine Versionen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: no versions.</source>
        <translation>%1: keine Versionen.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>latest</source>
        <translation>neueste</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · version %2 · schema id %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · Version %2 · Schema-ID %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 version %2 (schema id %3).</source>
        <translation>%1 Version %2 (Schema-ID %3).</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>version %1 → %2: %3 line(s) removed, %4 added</source>
        <translation>Version %1 → %2: %3 Zeile(n) entfernt, %4 hinzugefügt</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+45"/>
        <source>select a subject first</source>
        <translation>wählen Sie zuerst ein Subject</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Compatibility of %1 is now %2.</source>
        <translation>Die Kompatibilität von %1 ist jetzt %2.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The global compatibility is now %1.</source>
        <translation>Die globale Kompatibilität ist jetzt %1.</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+37"/>
        <source>paste a schema first</source>
        <translation>fügen Sie zuerst ein Schema ein</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Checking…</source>
        <translation>Prüfe…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Compatible with %1 version %2.</source>
        <translation>Kompatibel mit %1 Version %2.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NOT compatible with %1 version %2.</source>
        <translation>NICHT kompatibel mit %1 Version %2.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Compatible.</source>
        <translation>Kompatibel.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not compatible.</source>
        <translation>Nicht kompatibel.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>name the subject to register under</source>
        <translation>nennen Sie das Subject, unter dem registriert werden soll</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Registered under %1: schema id %2.</source>
        <translation>Unter %1 registriert: Schema-ID %2.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>subject %1 (all its versions)</source>
        <translation>Subject %1 (alle seine Versionen)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>version %1 of %2</source>
        <translation>Version %1 von %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete %1 permanently? Its schemas cannot be read by this subject any more, and this cannot be undone.</source>
        <translation>%1 endgültig löschen? Die Schemas sind danach über dieses Subject nicht mehr lesbar, und das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete %1? A soft delete: the registry keeps it for ?deleted=true.</source>
        <translation>%1 löschen? Ein Soft Delete: die Registry hält die Daten weiter für ?deleted=true bereit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Version %1 of %2 deleted permanently.</source>
        <translation>Version %1 von %2 endgültig gelöscht.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version %1 of %2 deleted (soft).</source>
        <translation>Version %1 von %2 gelöscht (Soft Delete).</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Subject %1 deleted permanently.</source>
        <translation>Subject %1 endgültig gelöscht.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject %1 deleted (soft).</source>
        <translation>Subject %1 gelöscht (Soft Delete).</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::StatPanel</name>
    <message>
        <location filename="../widgets/dashboard/stat_panel.cpp" line="+115"/>
        <source>No data</source>
        <translation>Keine Daten</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::TemplateGallery</name>
    <message>
        <location filename="../widgets/shell/template_gallery.cpp" line="+39"/>
        <source>New from Template</source>
        <translation>Neu aus Vorlage</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start from a working pipeline. The copy is new and unsaved; the template stays as it is.</source>
        <translation>Mit einer funktionierenden Pipeline beginnen. Die Kopie ist neu und ungespeichert; die Vorlage bleibt, wie sie ist.</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n Knoten</numerusform>
            <numerusform>%n Knoten</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start sandbox and run</source>
        <translation>Sandbox starten und ausführen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This template needs no local servers</source>
        <translation>Diese Vorlage braucht keine lokalen Server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Starts local %1, loads the schema and sample traffic, then runs the pipeline</source>
        <translation>Startet lokal %1, lädt das Schema und Beispielverkehr und führt dann die Pipeline aus</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::TimeRangeDialog</name>
    <message>
        <location filename="../widgets/dashboard/time_range_dialog.cpp" line="+16"/>
        <source>Custom time range</source>
        <translation>Benutzerdefinierter Zeitraum</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>Nach</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>“From” must be before “To”.</source>
        <translation>„Von“ muss vor „Bis“ liegen.</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::TopicBrowserWindow</name>
    <message>
        <location filename="../widgets/browser/topic_browser_window.cpp" line="+27"/>
        <source>Topic Browser — Tributary</source>
        <translation>Topic-Browser — Tributary</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&lt;b&gt;Clusters&lt;/b&gt;</source>
        <translation>&lt;b&gt;Cluster&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Add a cluster</source>
        <translation>Cluster hinzufügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit the selected cluster</source>
        <translation>Ausgewählten Cluster bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected cluster</source>
        <translation>Ausgewählten Cluster entfernen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Select a cluster to open it.</source>
        <translation>Wählen Sie einen Cluster, um ihn zu öffnen.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Several clusters can be open at once; each keeps its tabs.</source>
        <translation>Mehrere Cluster können gleichzeitig geöffnet sein; jeder behält seine Tabs.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The embedded Local cluster is always there.</source>
        <translation>Der eingebaute lokale Cluster ist immer vorhanden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove cluster</source>
        <translation>Cluster entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove %1 from the list? The cluster itself is not touched.</source>
        <translation>%1 aus der Liste entfernen? Der Cluster selbst bleibt unberührt.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The embedded broker of this program</source>
        <translation>Der eingebaute Broker dieses Programms</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>No cluster named %1.</source>
        <translation>Kein Cluster namens %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The embedded Local cluster has no settings to edit.</source>
        <translation>Der eingebaute lokale Cluster hat keine Einstellungen zum Bearbeiten.</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::TopicListModel</name>
    <message>
        <location filename="../widgets/browser/topic_list_model.cpp" line="+62"/>
        <source>An internal topic of Kafka</source>
        <translation>Ein internes Topic von Kafka</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partitions</source>
        <translation>Partitionen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replication</source>
        <translation>Replikation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Under-replicated</source>
        <translation>Unterrepliziert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Consumer lag</source>
        <translation>Consumer-Rückstand</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::TopicView</name>
    <message>
        <location filename="../widgets/browser/topic_view.cpp" line="+58"/>
        <location line="+13"/>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <location line="-1"/>
        <location line="+7"/>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Leader</source>
        <translation>Leader</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Replicas</source>
        <translation>Replikate</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>In sync</source>
        <translation>Synchron</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Low watermark</source>
        <translation>Untere Marke</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High watermark</source>
        <translation>Obere Marke</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partitions</source>
        <translation>Partitionen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Committed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lag</source>
        <translation>Rückstand</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Consumers</source>
        <translation>Consumer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Defaults are shown in grey. Double-click a value to change it.</source>
        <translation>Standardwerte sind grau dargestellt. Doppelklicken Sie auf einen Wert, um ihn zu ändern.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply changes</source>
        <translation>Änderungen anwenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Cannot describe the topic: %1</source>
        <translation>Das Topic kann nicht beschrieben werden: %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 partition(s) · replication %2 · %3 message(s) · %4 under-replicated</source>
        <translation>%1 Partition(en) · Replikation %2 · %3 Nachricht(en) · %4 unterrepliziert</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Cannot list groups: %1</source>
        <translation>Gruppen können nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No consumer group has committed offsets for this topic.</source>
        <translation>Keine Consumer-Gruppe hat Offsets für dieses Topic bestätigt.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n group(s) read this topic · total lag %1</source>
        <translation>
            <numerusform>%n Gruppe liest dieses Topic · Gesamtrückstand %1</numerusform>
            <numerusform>%n Gruppen lesen dieses Topic · Gesamtrückstand %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot read the configuration: %1</source>
        <translation>Die Konfiguration kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Read-only</source>
        <translation>Schreibgeschützt</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>Changed %n setting(s).</source>
        <translation>
            <numerusform>%n Einstellung geändert.</numerusform>
            <numerusform>%n Einstellungen geändert.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not changed: %1</source>
        <translation>Nicht geändert: %1</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::TopicsPage</name>
    <message>
        <location filename="../widgets/browser/topics_page.cpp" line="+67"/>
        <source>Filter topics</source>
        <translation>Topics filtern</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show internal topics</source>
        <translation>Interne Topics anzeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create…</source>
        <translation>Anlegen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Select the topic to delete first.</source>
        <translation>Wählen Sie zuerst das zu löschende Topic.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Loading topics…</source>
        <translation>Lade Topics…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot list topics: %1</source>
        <translation>Topics können nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 topic(s), %2 internal%3</source>
        <translation>%1 Topic(s), %2 intern%3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> (hidden)</source>
        <translation> (ausgeblendet)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Created %1.</source>
        <translation>%1 angelegt.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Deleting %1…</source>
        <translation>Lösche %1…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot delete %1: %2</source>
        <translation>%1 kann nicht gelöscht werden: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deleted %1.</source>
        <translation>%1 gelöscht.</translation>
    </message>
</context>
</TS>
