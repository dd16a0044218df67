<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>DashboardLayout</name>
    <message>
        <location filename="../widgets/dashboard/dashboard_layout.cpp" line="+178"/>
        <source>Records in</source>
        <translation>Enregistrements entrants</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Records out</source>
        <translation>Enregistrements sortants</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>End-to-end latency</source>
        <translation>Latence de bout en bout</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Batch latency p50 / p99</source>
        <translation>Latence des lots p50 / p99</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Errors and dead-lettered</source>
        <translation>Erreurs et lettres mortes</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Queue depth</source>
        <translation>Profondeur de la file d&apos;attente</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bytes in / out</source>
        <translation>Octets entrants / sortants</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Consumer lag</source>
        <translation>Retard des consommateurs</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Kafka bytes sent / received</source>
        <translation>Octets Kafka envoyés / reçus</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Broker round trip</source>
        <translation>Aller-retour vers le broker</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>State store size</source>
        <translation>Taille du magasin d&apos;état</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Late records</source>
        <translation>Enregistrements en retard</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>State restore progress</source>
        <translation>Restauration de l&apos;état</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+11"/>
        <source>Errors /s</source>
        <translation>Erreurs /s</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Nodes</source>
        <translation>Nœuds</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In /s</source>
        <translation>Entrée /s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out /s</source>
        <translation>Sortie /s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Queue</source>
        <translation>File d&apos;attente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue fill (0-1)</source>
        <translation>Remplissage de la file (0-1)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Consumer lag per partition</source>
        <translation>Retard des consommateurs par partition</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New panel</source>
        <translation>Nouveau panneau</translation>
    </message>
</context>
<context>
    <name>FullDashboard</name>
    <message>
        <location filename="../widgets/dashboard/full_dashboard.cpp" line="+39"/>
        <source>In /s</source>
        <translation>Entrée /s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out /s</source>
        <translation>Sortie /s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Errors /s</source>
        <translation>Erreurs /s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue</source>
        <translation>File d&apos;attente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue fill</source>
        <translation>Remplissage de la file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch p99</source>
        <translation>Lot p99</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../widgets/inspector/inspector.cpp" line="+47"/>
        <source>duration</source>
        <translation>durée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>size</source>
        <translation>taille</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>secret</source>
        <translation>secret</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>expression</source>
        <translation>expression</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>select list</source>
        <translation>liste de sélection</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>list</source>
        <translation>liste</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>map</source>
        <translation>dictionnaire</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <location filename="../widgets/panels/log_panel.cpp" line="+136"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Node</source>
        <translation>Nœud</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>NodeItem</name>
    <message>
        <location filename="../widgets/canvas/node_item.cpp" line="+70"/>
        <source>unknown type %1</source>
        <translation>type inconnu %1</translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <location line="+6"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n erreur</numerusform>
            <numerusform>%n erreurs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-4"/>
        <location line="+8"/>
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n avertissement</numerusform>
            <numerusform>%n avertissements</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ready</source>
        <translation>Prêt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This build does not know this type</source>
        <translation>Cette version ne connaît pas ce type</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 records</source>
        <translation>%1 enregistrements</translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <location filename="../widgets/style/app_theme.cpp" line="+142"/>
        <source>Sources</source>
        <translation>Sources</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transforms</source>
        <translation>Transformations</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sinks</source>
        <translation>Destinations</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../widgets/browser/message_detail.cpp" line="+68"/>
        <source>… (more not shown)</source>
        <translation>… (suite non affichée)</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>(value)</source>
        <translation>(valeur)</translation>
    </message>
    <message>
        <location filename="../widgets/dashboard/chart_panel.cpp" line="+72"/>
        <source> (all runners)</source>
        <translation> (tous les runners)</translation>
    </message>
    <message>
        <location filename="../widgets/dashboard/user_dashboards.cpp" line="+23"/>
        <source>The name is empty.</source>
        <translation>Le nom est vide.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name is longer than 100 characters.</source>
        <translation>Le nom dépasse 100 caractères.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name must not start with a dot.</source>
        <translation>Le nom ne doit pas commencer par un point.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name must not start or end with a space.</source>
        <translation>Le nom ne doit ni commencer ni finir par une espace.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&quot;%1&quot; is not allowed in a name (letters, digits, space, &apos;.&apos;, &apos;-&apos; and &apos;_&apos; are).</source>
        <translation>« %1 » n&apos;est pas permis dans un nom (lettres, chiffres, espace, &apos;.&apos;, &apos;-&apos; et &apos;_&apos; le sont).</translation>
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
        <translation>absent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>running</source>
        <translation>en marche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>starting</source>
        <translation>démarrage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dead</source>
        <translation>mort</translation>
    </message>
    <message>
        <location filename="../widgets/shell/connect_dialogs.cpp" line="+83"/>
        <location line="+13"/>
        <location line="+6"/>
        <source>Export Kafka Connect configs</source>
        <translation>Exporter les configurations Kafka Connect</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>No node of this pipeline has a Kafka Connect equivalent.

%1</source>
        <translation>Aucun nœud de ce pipeline n&apos;a d&apos;équivalent Kafka Connect.

%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Folder for the connector configs</source>
        <translation>Dossier des configurations de connecteurs</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d&apos;écrire %1 : %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Wrote %1 to %2.</source>
        <translation>%1 écrit dans %2.</translation>
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
        <translation>Supprimer %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete connection</source>
        <translation>Supprimer la connexion</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Delete %n item(s)</source>
        <translation>
            <numerusform>Supprimer %n élément</numerusform>
            <numerusform>Supprimer %n éléments</numerusform>
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
    <message>
        <location line="+3"/>
        <source>⇄ %1</source>
        <translation>⇄ %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repartition topic %1, inserted by the planner: %2. A run writes these records to it keyed by the node&apos;s key (murmur2) and reads them back, so that every task sees all records of its keys.</source>
        <translation>Topic de repartitionnement %1, inséré par le planificateur : %2. Une exécution y écrit ces enregistrements avec la clé du nœud comme clé (murmur2) et les relit, afin que chaque tâche voie tous les enregistrements de ses clés.</translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message>
        <location filename="../widgets/run/run_controller.cpp" line="+215"/>
        <source>connected</source>
        <translation>connecté</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connected; subscribing</source>
        <translation>Connecté ; abonnement en cours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connected; subscribed to %1</source>
        <translation>Connecté ; abonné à %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>reconnecting #%1 · %2 s</source>
        <translation>reconnexion #%1 · %2 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reconnecting: attempt %1 failed; the next one after a back-off of %2 s</source>
        <translation>Reconnexion : la tentative %1 a échoué ; la suivante aura lieu après une attente de %2 s</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>connecting</source>
        <translation>connexion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <location filename="../widgets/run/run_state.cpp" line="+80"/>
        <source>waiting on %1</source>
        <translation>en attente de %1</translation>
    </message>
</context>
<context>
    <name>RunState</name>
    <message>
        <location line="+35"/>
        <source>%1 members · %2 partitions</source>
        <translation>%1 membres · %2 partitions</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 idle</source>
        <translation>%1 inactif(s)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>idle</source>
        <translation>inactif</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Members and their partitions:</source>
        <translation>Membres et leurs partitions :</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>restoring %1 %</source>
        <translation>restauration %1 %</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Restoring its state from the changelog: %1 of %2 records</source>
        <translation>Restauration de son état depuis le changelog : %1 enregistrements sur %2</translation>
    </message>
</context>
<context>
    <name>SetConfigCommand</name>
    <message>
        <location filename="../widgets/document/document_commands.cpp" line="+26"/>
        <source>Change %1 of %2</source>
        <translation>Modifier %1 de %2</translation>
    </message>
</context>
<context>
    <name>SetDashboardCommand</name>
    <message>
        <location filename="../widgets/document/pipeline_document.cpp" line="+218"/>
        <source>Change dashboard</source>
        <translation>Modifier le tableau de bord</translation>
    </message>
</context>
<context>
    <name>SetInfoCommand</name>
    <message>
        <location filename="../widgets/document/document_commands.cpp" line="+47"/>
        <source>Change pipeline settings</source>
        <translation>Modifier les paramètres du pipeline</translation>
    </message>
</context>
<context>
    <name>SetLabelCommand</name>
    <message>
        <location line="-22"/>
        <source>Rename %1</source>
        <translation>Renommer %1</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::AlertNotifier</name>
    <message>
        <location filename="../widgets/dashboard/alert_notifier.cpp" line="+18"/>
        <source>Alert firing: %1</source>
        <translation>Alerte déclenchée : %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 alerts firing</source>
        <translation>%1 alertes déclenchées</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Tributary alerts</source>
        <translation>Alertes Tributary</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::AlertRulesDialog</name>
    <message>
        <location filename="../widgets/dashboard/alert_rules_dialog.cpp" line="+29"/>
        <source>Alert rules</source>
        <translation>Règles d&apos;alerte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Series</source>
        <translation>Série</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Condition</source>
        <translation>Condition</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Threshold</source>
        <translation>Seuil</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>For</source>
        <translation>Durée</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keep firing for</source>
        <translation>Maintenir déclenchée pendant</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add rule</source>
        <translation>Ajouter une règle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove rule</source>
        <translation>Supprimer la règle</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Test against history</source>
        <translation>Tester sur l&apos;historique</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run the selected rule over the recorded metrics: when would it have been pending and firing?</source>
        <translation>Appliquer la règle sélectionnée aux métriques enregistrées : quand aurait-elle été en attente et déclenchée ?</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Series: a metric with optional labels, e.g. &lt;code&gt;tributary_node_records_out_total:rate{node=&quot;shape&quot;}&lt;/code&gt;. Durations: 30s, 5m, 1h. Pending until the condition has held for &lt;i&gt;For&lt;/i&gt;; a firing alert stays firing for &lt;i&gt;Keep firing for&lt;/i&gt; after it stops holding.</source>
        <translation>Série : une métrique avec des étiquettes facultatives, p. ex. &lt;code&gt;tributary_node_records_out_total:rate{node=&quot;shape&quot;}&lt;/code&gt;. Durées : 30s, 5m, 1h. Une alerte est en attente jusqu&apos;à ce que la condition ait tenu pendant la &lt;i&gt;Durée&lt;/i&gt; ; une alerte déclenchée le reste pendant &lt;i&gt;Maintenir déclenchée pendant&lt;/i&gt; après que la condition a cessé.</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Row %1, Threshold: &quot;%2&quot; is not a number</source>
        <translation>Ligne %1, Seuil : « %2 » n&apos;est pas un nombre</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Row %1, %2: %3</source>
        <translation>Ligne %1, %2 : %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Row %1, Id: &quot;%2&quot; is used twice</source>
        <translation>Ligne %1, ID : « %2 » est utilisé deux fois</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Row %1 does not exist</source>
        <translation>La ligne %1 n&apos;existe pas</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::AlertsView</name>
    <message>
        <location filename="../widgets/dashboard/alerts_view.cpp" line="+53"/>
        <source>Rules…</source>
        <translation>Règles…</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+8"/>
        <source>Alert</source>
        <translation>Alerte</translation>
    </message>
    <message>
        <location line="-8"/>
        <location line="+8"/>
        <source>Node</source>
        <translation>Nœud</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+8"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change</source>
        <translation>Changement</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+21"/>
        <source>No alert rules yet.</source>
        <translation>Aucune règle d&apos;alerte pour l&apos;instant.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 rules · &lt;span style=&apos;color:%2&apos;&gt;&lt;b&gt;%3 firing&lt;/b&gt;&lt;/span&gt; · %4 pending</source>
        <translation>%1 règles · &lt;span style=&apos;color:%2&apos;&gt;&lt;b&gt;%3 déclenchées&lt;/b&gt;&lt;/span&gt; · %4 en attente</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::BacktestView</name>
    <message>
        <location filename="../widgets/dashboard/backtest_view.cpp" line="+19"/>
        <source>Last 15 minutes</source>
        <translation>15 dernières minutes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last hour</source>
        <translation>Dernière heure</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 6 hours</source>
        <translation>6 dernières heures</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 24 hours</source>
        <translation>24 dernières heures</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Series</source>
        <translation>Série</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Transition</source>
        <translation>Transition</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Range:</source>
        <translation>Période :</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>absent</source>
        <translation>absente</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>once</source>
        <translation>une fois</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 times</source>
        <translation>%1 fois</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Would have fired %1&lt;/b&gt;, firing %2 in total; %3 transitions over %4 series. Evaluated every %5 (%6 evaluations), as the live evaluator does. Shaded: &lt;span style=&apos;color:#d08000&apos;&gt;pending&lt;/span&gt;, &lt;span style=&apos;color:%7&apos;&gt;firing&lt;/span&gt;.</source>
        <translation>&lt;b&gt;Se serait déclenchée %1&lt;/b&gt;, déclenchée %2 au total ; %3 transitions sur %4 séries. Évaluée toutes les %5 (%6 évaluations), comme le fait l&apos;évaluation en direct. En grisé : &lt;span style=&apos;color:#d08000&apos;&gt;en attente&lt;/span&gt;, &lt;span style=&apos;color:%7&apos;&gt;déclenchée&lt;/span&gt;.</translation>
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
        <translation>moy.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>last</source>
        <translation>dernier</translation>
    </message>
    <message>
        <location line="+183"/>
        <location line="+262"/>
        <source>Drag to move the panel</source>
        <translation>Glisser pour déplacer le panneau</translation>
    </message>
    <message>
        <location line="-257"/>
        <source>Panel: edit, resize, move, export, remove</source>
        <translation>Panneau : modifier, redimensionner, déplacer, exporter, supprimer</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>threshold %1</source>
        <translation>seuil %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Edit panel…</source>
        <translation>Modifier le panneau…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Small (1 × 1)</source>
        <translation>Petit (1 × 1)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Wide (2 × 1)</source>
        <translation>Large (2 × 1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tall (1 × 2)</source>
        <translation>Haut (1 × 2)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Large (2 × 2)</source>
        <translation>Grand (2 × 2)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Move earlier</source>
        <translation>Avancer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move later</source>
        <translation>Reculer</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+3"/>
        <source>Export panel</source>
        <translation>Exporter le panneau</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cannot write %1.</source>
        <translation>Impossible d&apos;écrire %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export picture (PNG)…</source>
        <translation>Exporter l&apos;image (PNG)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG images (*.png)</source>
        <translation>Images PNG (*.png)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export data (CSV)…</source>
        <translation>Exporter les données (CSV)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove panel</source>
        <translation>Supprimer le panneau</translation>
    </message>
    <message>
        <location line="+126"/>
        <location filename="../widgets/dashboard/chart_panel.h" line="+140"/>
        <source>No data in this range yet.</source>
        <translation>Pas encore de données sur cette période.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No data: this pipeline has no such series yet.</source>
        <translation>Aucune donnée : ce pipeline n&apos;a pas encore cette série.</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ClusterCheck</name>
    <message>
        <location filename="../widgets/document/cluster_check.cpp" line="+110"/>
        <source>%1 (the topics as they are on %2)</source>
        <translation>%1 (les topics tels qu&apos;ils sont sur %2)</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ClusterDialog</name>
    <message>
        <location filename="../widgets/browser/cluster_dialog.cpp" line="+24"/>
        <source>Add cluster</source>
        <translation>Ajouter un cluster</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit cluster %1</source>
        <translation>Modifier le cluster %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>production</source>
        <translation>production</translation>
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
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bootstrap servers</source>
        <translation>Serveurs d&apos;amorçage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Properties</source>
        <translation>Propriétés</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>http://schema-registry:8081, or embedded</source>
        <translation>http://schema-registry:8081, ou embedded</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>user (optional)</source>
        <translation>utilisateur (facultatif)</translation>
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
        <translation>Utilisateur, mot de passe du registry</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any librdkafka property, one KEY=VALUE a line. Write secrets as ${env:NAME} or ${file:/path}: they are stored as references and resolved when the cluster is opened.</source>
        <translation>Toute propriété librdkafka, une KEY=VALUE par ligne. Écrivez les secrets sous la forme ${env:NOM} ou ${file:/chemin} : ils sont stockés comme références et résolus à l&apos;ouverture du cluster.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Test connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test registry</source>
        <translation>Tester le registry</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>give the cluster a name</source>
        <translation>donnez un nom au cluster</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a cluster named &quot;%1&quot; exists already</source>
        <translation>un cluster nommé « %1 » existe déjà</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>bootstrap servers are missing (host:port, comma-separated)</source>
        <translation>les serveurs d&apos;amorçage manquent (hôte:port, séparés par des virgules)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Connecting to %1…</source>
        <translation>Connexion à %1…</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Connected: %n broker(s), </source>
        <translation>
            <numerusform>Connecté : %n broker, </numerusform>
            <numerusform>Connecté : %n brokers, </numerusform>
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
    <message>
        <location line="+12"/>
        <source>No Schema Registry URL to test.</source>
        <translation>Aucune URL de Schema Registry à tester.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Calling %1/subjects…</source>
        <translation>Appel de %1/subjects…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The embedded Schema Registry is not running (it starts with the Local cluster): %1</source>
        <translation>Le Schema Registry intégré ne tourne pas (il démarre avec le cluster local) : %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1/subjects did not answer with a list of subjects — is this a Schema Registry?</source>
        <translation>%1/subjects n&apos;a pas répondu par une liste de subjects — est-ce bien un Schema Registry ?</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Schema Registry at %1 answers: %n subject(s).</source>
        <translation>
            <numerusform>Le Schema Registry à %1 répond : %n subject.</numerusform>
            <numerusform>Le Schema Registry à %1 répond : %n subjects.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ClusterView</name>
    <message>
        <location filename="../widgets/browser/cluster_view.cpp" line="+45"/>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No Schema Registry set for this cluster.</source>
        <translation>Aucun Schema Registry défini pour ce cluster.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Schema Registry: starting with the embedded broker…</source>
        <translation>Schema Registry : démarrage avec le broker intégré…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schema Registry at %1</source>
        <translation>Schema Registry à %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&lt;b&gt;Brokers&lt;/b&gt;</source>
        <translation>&lt;b&gt;Brokers&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Host</source>
        <translation>Hôte</translation>
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
        <translation>Contrôleur</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Overview</source>
        <translation>Vue d&apos;ensemble</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consumer groups</source>
        <translation>Groupes de consommateurs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schema Registry</source>
        <translation>Schema Registry</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Connected to &lt;b&gt;%1&lt;/b&gt; (%2)</source>
        <translation>Connecté à &lt;b&gt;%1&lt;/b&gt; (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot connect to %1: %2</source>
        <translation>Impossible de se connecter à %1 : %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Schema Registry on &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Schema Registry sur &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schema Registry: %1</source>
        <translation>Schema Registry : %1</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>brokers</source>
        <translation>brokers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>topics</source>
        <translation>topics</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>partitions</source>
        <translation>partitions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>under-replicated</source>
        <translation>sous-répliquées</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>consumer groups</source>
        <translation>groupes de consommateurs</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>controller</source>
        <translation>contrôleur</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ConfirmDeleteDialog</name>
    <message>
        <location filename="../widgets/browser/confirm_delete_dialog.cpp" line="+12"/>
        <source>Delete topic %1</source>
        <translation>Supprimer le topic %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deleting &lt;b&gt;%1&lt;/b&gt; removes it and its %2 message(s) from the cluster. This cannot be undone.&lt;br&gt;&lt;br&gt;Type the topic&apos;s name to confirm:</source>
        <translation>Supprimer &lt;b&gt;%1&lt;/b&gt; l&apos;efface du cluster avec ses %2 message(s). Cette action est irréversible.&lt;br&gt;&lt;br&gt;Saisissez le nom du topic pour confirmer :</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ConnectImportDialog</name>
    <message>
        <location filename="../widgets/shell/connect_dialogs.cpp" line="-81"/>
        <source>Import Kafka Connect configs</source>
        <translation>Importer des configurations Kafka Connect</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open Pipeline</source>
        <translation>Ouvrir un pipeline</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1 : %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>imported-connectors</source>
        <translation>connecteurs-importes</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n connector(s) became %1 nodes. Settings that were not carried over as they were:</source>
        <translation>
            <numerusform>%n connecteur est devenu %1 nœuds. Paramètres qui n&apos;ont pas été repris tels quels :</numerusform>
            <numerusform>%n connecteurs sont devenus %1 nœuds. Paramètres qui n&apos;ont pas été repris tels quels :</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing can be imported:</source>
        <translation>Rien ne peut être importé :</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::CreateTopicDialog</name>
    <message>
        <location filename="../widgets/browser/create_topic_dialog.cpp" line="+19"/>
        <source>Create topic</source>
        <translation>Créer un topic</translation>
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
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partitions</source>
        <translation>Partitions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replication factor</source>
        <translation>Facteur de réplication</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Configs</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Create</source>
        <translation>Créer</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>a topic name is 1 to 249 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; (not &quot;%1&quot;)</source>
        <translation>un nom de topic compte de 1 à 249 lettres, chiffres, &apos;.&apos;, &apos;_&apos; ou &apos;-&apos; (pas « %1 »)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>config line %1 (&quot;%2&quot;) is not KEY=VALUE</source>
        <translation>la ligne de configuration %1 (« %2 ») n&apos;est pas de la forme KEY=VALUE</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::DashboardWidget</name>
    <message>
        <location filename="../widgets/dashboard/dashboard_widget.cpp" line="+520"/>
        <source>Last 5 minutes</source>
        <translation>5 dernières minutes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 15 minutes</source>
        <translation>15 dernières minutes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last hour</source>
        <translation>Dernière heure</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 6 hours</source>
        <translation>6 dernières heures</translation>
    </message>
    <message>
        <location line="-429"/>
        <source>Custom…</source>
        <translation>Personnalisé…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time range</source>
        <translation>Période</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh off</source>
        <translation>Jamais</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Every 1 s</source>
        <translation>Chaque seconde</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Every 5 s</source>
        <translation>Toutes les 5 s</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Every 10 s</source>
        <translation>Toutes les 10 s</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Every 30 s</source>
        <translation>Toutes les 30 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How often the charts redraw</source>
        <translation>Fréquence de rafraîchissement des graphiques</translation>
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
        <translation>Figer les graphiques (l&apos;échantillonnage et les alertes continuent)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add panel</source>
        <translation>Panneau</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Default layout</source>
        <translation>Par défaut</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replace the panels with the generated default (alert rules stay)</source>
        <translation>Remplacer les panneaux par la disposition générée par défaut (les règles d&apos;alerte restent)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dashboards ▾</source>
        <translation>Tableaux ▾</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save this dashboard by name, or open a saved one for this pipeline</source>
        <translation>Enregistrer ce tableau de bord sous un nom, ou en ouvrir un enregistré pour ce pipeline</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Alerts</source>
        <translation>Alertes</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Full size</source>
        <translation>Vue agrandie</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Per runner</source>
        <translation>Par runner</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Also draw each runner&apos;s own line next to the merged one</source>
        <translation>Tracer aussi la courbe de chaque runner à côté de la courbe fusionnée</translation>
    </message>
    <message>
        <location line="+169"/>
        <source>The saved dashboard was not used: %1</source>
        <translation>Le tableau de bord enregistré n&apos;a pas été utilisé : %1</translation>
    </message>
    <message>
        <location line="-177"/>
        <source>Show the full-size dashboard (the Dashboard tab next to the designer), with stats and a table per node</source>
        <translation>Afficher le tableau de bord en grand (l&apos;onglet Tableau de bord à côté du concepteur), avec des indicateurs et un tableau par nœud</translation>
    </message>
    <message>
        <location line="+358"/>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Last 24 hours</source>
        <translation>24 dernières heures</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>%1 series · history %2 kB</source>
        <translation>%1 séries · historique %2 ko</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 is %2</source>
        <translation>%1 vaut %2</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Alert firing: %1</source>
        <translation>Alerte déclenchée : %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Firing: %1</source>
        <translation>Déclenchée : %1</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Saved as user dashboard &quot;%1&quot;</source>
        <translation>Enregistré comme tableau de bord utilisateur « %1 »</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>User dashboard &quot;%1&quot;</source>
        <translation>Tableau de bord utilisateur « %1 »</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save as user dashboard…</source>
        <translation>Enregistrer comme tableau de bord utilisateur…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+11"/>
        <source>Open user dashboard</source>
        <translation>Ouvrir un tableau de bord utilisateur</translation>
    </message>
    <message>
        <location line="-10"/>
        <location line="+13"/>
        <location line="+4"/>
        <source>Delete user dashboard</source>
        <translation>Supprimer un tableau de bord utilisateur</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>(none saved yet)</source>
        <translation>(aucun enregistré pour l&apos;instant)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Delete the user dashboard &quot;%1&quot;?</source>
        <translation>Supprimer le tableau de bord utilisateur « %1 » ?</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stored in %1</source>
        <translation>Stocké dans %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+4"/>
        <location line="+4"/>
        <location line="+6"/>
        <source>Save as user dashboard</source>
        <translation>Enregistrer comme tableau de bord utilisateur</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Name (letters, digits, space, &apos;.&apos;, &apos;-&apos;, &apos;_&apos;):</source>
        <translation>Nom (lettres, chiffres, espace, &apos;.&apos;, &apos;-&apos;, &apos;_&apos;) :</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A user dashboard &quot;%1&quot; exists. Replace it?</source>
        <translation>Un tableau de bord utilisateur « %1 » existe. Le remplacer ?</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::DataPreview</name>
    <message>
        <location filename="../widgets/panels/data_preview.cpp" line="+63"/>
        <source>Run the pipeline and select a connection to see the records passing along it.</source>
        <translation>Exécutez le pipeline et sélectionnez une connexion pour voir les enregistrements qui y passent.</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::EdgeItem</name>
    <message>
        <location filename="../widgets/canvas/edge_item.cpp" line="+109"/>
        <source>
Queue into %1: %2 records, %3 % of %4 batches</source>
        <translation>
File d&apos;attente vers %1 : %2 enregistrements, %3 % de %4 lots</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>
%1 is waiting for room: %2 takes records more slowly than they come</source>
        <translation>
%1 attend de la place : %2 accepte les enregistrements moins vite qu&apos;ils n&apos;arrivent</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::FieldEditor</name>
    <message>
        <location filename="../widgets/inspector/field_editors.cpp" line="+72"/>
        <location line="+4"/>
        <source>Show the value</source>
        <translation>Afficher la valeur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hide the value</source>
        <translation>Masquer la valeur</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>not set</source>
        <translation>non défini</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Back to the default (%1)</source>
        <translation>Revenir à la valeur par défaut (%1)</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Back to the default</source>
        <translation>Revenir à la valeur par défaut</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Enabled</source>
        <translation>Activé</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 (default)</source>
        <translation>%1 (par défaut)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>e.g. 500ms, 10s, 5m</source>
        <translation>p. ex. 500ms, 10s, 5m</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>e.g. 512KiB, 10MB</source>
        <translation>p. ex. 512KiB, 10MB</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>not a duration</source>
        <translation>pas une durée</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not a size</source>
        <translation>pas une taille</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+93"/>
        <source>Add an entry</source>
        <translation>Ajouter une entrée</translation>
    </message>
    <message>
        <location line="-92"/>
        <location line="+93"/>
        <source>Remove the selected entry</source>
        <translation>Supprimer l&apos;entrée sélectionnée</translation>
    </message>
    <message numerus="yes">
        <location line="-30"/>
        <source>%n entries</source>
        <translation>
            <numerusform>%n entrée</numerusform>
            <numerusform>%n entrées</numerusform>
        </translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>an expression, e.g. price &gt; 100</source>
        <translation>une expression, p. ex. price &gt; 100</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::FullDashboard</name>
    <message>
        <location filename="../widgets/dashboard/full_dashboard.cpp" line="+15"/>
        <location line="+10"/>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Records in /s</source>
        <translation>Enregistrements en entrée /s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Records out /s</source>
        <translation>Enregistrements en sortie /s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Errors /s</source>
        <translation>Erreurs /s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End-to-end p99</source>
        <translation>De bout en bout p99</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fullest queue</source>
        <translation>File la plus remplie</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>since the run started (%1)</source>
        <translation>depuis le début de l&apos;exécution (%1)</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::GroupsPage</name>
    <message>
        <location filename="../widgets/browser/groups_page.cpp" line="+51"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Members</source>
        <translation>Membres</translation>
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
        <translation>Retard</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+100"/>
        <source>Select a group.</source>
        <translation>Sélectionnez un groupe.</translation>
    </message>
    <message>
        <location line="-97"/>
        <source>&lt;b&gt;Members&lt;/b&gt;</source>
        <translation>&lt;b&gt;Membres&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Member</source>
        <translation>Membre</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assignment</source>
        <translation>Affectation</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;b&gt;Offsets and lag&lt;/b&gt;</source>
        <translation>&lt;b&gt;Offsets et retard&lt;/b&gt;</translation>
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
        <translation>Validé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reset offsets…</source>
        <translation>Réinitialiser les offsets…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Loading groups…</source>
        <translation>Chargement des groupes…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Cannot list groups: %1</source>
        <translation>Impossible de lister les groupes : %1</translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>%n group(s)</source>
        <translation>
            <numerusform>%n groupe</numerusform>
            <numerusform>%n groupes</numerusform>
        </translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Cannot describe %1: %2</source>
        <translation>Impossible de décrire %1 : %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · state %2 · assignor %3 · coordinator %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · état %2 · répartiteur %3 · coordinateur %4</translation>
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
        <translation>Retard total : &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Offsets can be reset only while the group has no active members: Kafka refuses to move them under %n running consumer(s). Stop them first.</source>
        <translation>
            <numerusform>Les offsets ne peuvent être réinitialisés que si le groupe n&apos;a aucun membre actif : Kafka refuse de les déplacer sous %n consommateur actif. Arrêtez-le d&apos;abord.</numerusform>
            <numerusform>Les offsets ne peuvent être réinitialisés que si le groupe n&apos;a aucun membre actif : Kafka refuse de les déplacer sous %n consommateurs actifs. Arrêtez-les d&apos;abord.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The group has no committed offsets to reset.</source>
        <translation>Le groupe n&apos;a aucun offset validé à réinitialiser.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The group is empty: its offsets can be reset.</source>
        <translation>Le groupe est vide : ses offsets peuvent être réinitialisés.</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>Moved the offsets of %1 on %n partition(s).</source>
        <translation>
            <numerusform>Offsets de %1 déplacés sur %n partition.</numerusform>
            <numerusform>Offsets de %1 déplacés sur %n partitions.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::HeatmapPanel</name>
    <message>
        <location filename="../widgets/dashboard/heatmap_panel.cpp" line="+105"/>
        <source>No data: no per-partition series yet.</source>
        <translation>Aucune donnée : pas encore de séries par partition.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>0 to %1</source>
        <translation>0 à %1</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::InfoBar</name>
    <message>
        <location filename="../widgets/shell/info_bar.cpp" line="+27"/>
        <source>Dismiss</source>
        <translation>Fermer</translation>
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
        <translation>Paramètres du pipeline entier</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>pipeline-name</source>
        <translation>nom-du-pipeline</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What this pipeline does</source>
        <translation>Ce que fait ce pipeline</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>host:port,… of a Kafka cluster, or &quot;embedded&quot; for the built-in broker</source>
        <translation>hôte:port,… d&apos;un cluster Kafka, ou « embedded » pour le broker intégré</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kafka cluster</source>
        <translation>Cluster Kafka</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&quot;embedded&quot; runs topics on the built-in broker; or give bootstrap servers (host:port,…) of a Kafka cluster.</source>
        <translation>« embedded » place les topics sur le broker intégré ; sinon indiquez les serveurs d&apos;amorçage (hôte:port,…) d&apos;un cluster Kafka.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Select a node to edit its settings. Drag types from the palette onto the canvas, and drag from an output port to an input port to connect them.</source>
        <translation>Sélectionnez un nœud pour modifier ses paramètres. Glissez des types de la palette vers le canevas, et glissez d&apos;un port de sortie vers un port d&apos;entrée pour les connecter.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>Vers</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>While the pipeline runs, the Data Preview panel shows the last records that passed along this connection.</source>
        <translation>Pendant l&apos;exécution du pipeline, le panneau Aperçu des données montre les derniers enregistrements passés par cette connexion.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Unknown type</source>
        <translation>Type inconnu</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Consumer group members and the partitions each holds now:</source>
        <translation>Membres du groupe de consommateurs et les partitions que chacun détient maintenant :</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Edges, metrics and checkpoints refer to the node by this id</source>
        <translation>Les connexions, métriques et points de reprise désignent le nœud par cet identifiant</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label</source>
        <translation>Libellé</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This build has no node type &quot;%1&quot;, so its settings cannot be edited here. The node is kept as it is in the file.</source>
        <translation>Cette version n&apos;a pas de type de nœud « %1 » : ses paramètres ne peuvent pas être modifiés ici. Le nœud est conservé tel quel dans le fichier.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Advanced settings</source>
        <translation>Paramètres avancés</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>This node has no settings.</source>
        <translation>Ce nœud n&apos;a aucun paramètre.</translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n erreur</numerusform>
            <numerusform>%n erreurs</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No errors</source>
        <translation>Aucune erreur</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n avertissement</numerusform>
            <numerusform>%n avertissements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n nœud</numerusform>
            <numerusform>%n nœuds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n connexion</numerusform>
            <numerusform>%n connexions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::LogPanel</name>
    <message>
        <location filename="../widgets/panels/log_panel.cpp" line="+88"/>
        <source>Follow</source>
        <translation>Suivre</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All levels</source>
        <translation>Tous les niveaux</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Info and above</source>
        <translation>Info et plus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warnings and errors</source>
        <translation>Avertissements et erreurs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Errors only</source>
        <translation>Erreurs seulement</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+97"/>
        <source>All nodes</source>
        <translation>Tous les nœuds</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>Filter messages</source>
        <translation>Filtrer les messages</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep the newest line in view</source>
        <translation>Garder la ligne la plus récente visible</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the selected lines (or all lines shown)</source>
        <translation>Copier les lignes sélectionnées (ou toutes les lignes affichées)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Clear the log view (the log file keeps everything)</source>
        <translation>Vider la vue du journal (le fichier journal garde tout)</translation>
    </message>
    <message numerus="yes">
        <location line="+70"/>
        <source>%n log record(s) were dropped while the view was busy (the log file has them)</source>
        <translation>
            <numerusform>%n entrée de journal a été ignorée pendant que la vue était occupée (le fichier journal la contient)</numerusform>
            <numerusform>%n entrées de journal ont été ignorées pendant que la vue était occupée (le fichier journal les contient)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::MainWindow</name>
    <message>
        <location filename="../widgets/shell/main_window.cpp" line="+116"/>
        <source>Not connected: %1</source>
        <translation>Non connecté : %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Problems (%1)</source>
        <translation>Problèmes (%1)</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+280"/>
        <source>Problems</source>
        <translation>Problèmes</translation>
    </message>
    <message>
        <location line="-234"/>
        <source>&amp;New</source>
        <translation>&amp;Nouveau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start an empty pipeline</source>
        <translation>Commencer un pipeline vide</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open…</source>
        <translation>&amp;Ouvrir…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a pipeline file</source>
        <translation>Ouvrir un fichier de pipeline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New from &amp;Template…</source>
        <translation>Nouveau depuis un &amp;modèle…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+Shift+N</source>
        <translation>Ctrl+Shift+N</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start from one of the example pipelines</source>
        <translation>Partir d&apos;un des pipelines d&apos;exemple</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save &amp;As…</source>
        <translation>Enregistrer &amp;sous…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
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
        <translation>Co&amp;uper</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Paste</source>
        <translation>C&amp;oller</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;uplicate</source>
        <translation>Dupli&amp;quer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select &amp;All</source>
        <translation>&amp;Tout sélectionner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom &amp;In</source>
        <translation>Zoom &amp;avant</translation>
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
        <translation>Zoom a&amp;rrière</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Actual Size</source>
        <translation>&amp;Taille réelle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Fit to Window</source>
        <translation>A&amp;juster à la fenêtre</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auto &amp;Layout</source>
        <translation>Disposition a&amp;utomatique</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arrange the nodes left to right</source>
        <translation>Disposer les nœuds de gauche à droite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Snap to Grid</source>
        <translation>Ai&amp;manter à la grille</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show &amp;Grid</source>
        <translation>Afficher la &amp;grille</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Run</source>
        <translation>&amp;Exécuter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Run the pipeline on this machine</source>
        <translation>Exécuter le pipeline sur cette machine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;top</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shift+F5</source>
        <translation>Shift+F5</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stop the running pipeline</source>
        <translation>Arrêter le pipeline en cours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Validate</source>
        <translation>&amp;Valider</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+Shift+V</source>
        <translation>Ctrl+Shift+V</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Tributary</source>
        <translation>À &amp;propos de Tributary</translation>
    </message>
    <message numerus="yes">
        <location line="+36"/>
        <source>%n problem(s) found</source>
        <translation>
            <numerusform>%n problème trouvé</numerusform>
            <numerusform>%n problèmes trouvés</numerusform>
        </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No problems found</source>
        <translation>Aucun problème trouvé</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>About Tributary</source>
        <translation>À propos de Tributary</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h3&gt;Tributary %1&lt;/h3&gt;&lt;p&gt;Design, run and inspect Kafka streaming pipelines.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Tributary %1&lt;/h3&gt;&lt;p&gt;Concevoir, exécuter et inspecter des pipelines de streaming Kafka.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open &amp;Recent</source>
        <translation>Fichiers &amp;récents</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import</source>
        <translation>&amp;Importer</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>&amp;Kafka Connect Configs…</source>
        <translation>Configurations &amp;Kafka Connect…</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>&amp;Export</source>
        <translation>E&amp;xporter</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Topic &amp;Browser</source>
        <translation>Navigateur de t&amp;opics</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ctrl+Shift+T</source>
        <translation>Ctrl+Shift+T</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse topics, messages and consumer groups of any Kafka cluster</source>
        <translation>Parcourir les topics, messages et groupes de consommateurs de n&apos;importe quel cluster Kafka</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Panels</source>
        <translation>&amp;Panneaux</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Theme</source>
        <translation>T&amp;hème</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follow &amp;System</source>
        <translation>Suivre le &amp;système</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Light</source>
        <translation>&amp;Clair</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Dark</source>
        <translation>S&amp;ombre</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Follow S&amp;ystem</source>
        <translation>Suivre le &amp;système</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Pipeline</source>
        <translation>&amp;Pipeline</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Help</source>
        <translation>A&amp;ide</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Main</source>
        <translation>Barre principale</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Palette</source>
        <translation>Palette</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Inspector</source>
        <translation>Inspecteur</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Log</source>
        <translation>Journal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Data Preview</source>
        <translation>Aperçu des données</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Runners</source>
        <translation>Runners</translation>
    </message>
    <message>
        <location line="-308"/>
        <location line="+314"/>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <location line="-320"/>
        <source>Designer</source>
        <translation>Concepteur</translation>
    </message>
    <message>
        <location line="+327"/>
        <source>Sandbox</source>
        <translation>Bac à sable</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Zoom</source>
        <translation>Zoom</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The language changes at the next start of Tributary.</source>
        <translation>La langue changera au prochain démarrage de Tributary.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Untitled</source>
        <translation>Sans titre</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Embedded broker</source>
        <translation>Broker intégré</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cluster: %1</source>
        <translation>Cluster : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Topic nodes use this Kafka cluster (Pipeline settings)</source>
        <translation>Les nœuds topic utilisent ce cluster Kafka (paramètres du pipeline)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Running · %1 records/s</source>
        <translation>En cours · %1 enregistrements/s</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Empty</source>
        <translation>Vide</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Not runnable · %n error(s)</source>
        <translation>
            <numerusform>Non exécutable · %n erreur</numerusform>
            <numerusform>Non exécutable · %n erreurs</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ready to run</source>
        <translation>Prêt à exécuter</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Import Kafka Connect configs</source>
        <translation>Importer des configurations Kafka Connect</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connector configs (*.json);;All files (*)</source>
        <translation>Configurations de connecteurs (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>New pipeline from template %1 — save it to keep it</source>
        <translation>Nouveau pipeline depuis le modèle %1 — enregistrez-le pour le conserver</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This is the demo pipeline: generated records flow through a transform into sinks. Run it to watch the records move.</source>
        <translation>Voici le pipeline de démonstration : des enregistrements générés passent par une transformation vers des destinations. Exécutez-le pour voir les enregistrements circuler.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run the demo</source>
        <translation>Exécuter la démo</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Saved %1</source>
        <translation>%1 enregistré</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+17"/>
        <source>Cannot save</source>
        <translation>Enregistrement impossible</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Save Pipeline</source>
        <translation>Enregistrer le pipeline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tributary pipelines (*.tributary.json);;JSON files (*.json)</source>
        <translation>Pipelines Tributary (*.tributary.json);;Fichiers JSON (*.json)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Open Pipeline</source>
        <translation>Ouvrir un pipeline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tributary pipelines (*.tributary.json *.json);;All files (*)</source>
        <translation>Pipelines Tributary (*.tributary.json *.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+70"/>
        <source>Cannot open %1</source>
        <translation>Impossible d&apos;ouvrir %1</translation>
    </message>
    <message>
        <location line="-60"/>
        <source>Cannot open the template</source>
        <translation>Impossible d&apos;ouvrir le modèle</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Unsaved changes</source>
        <translation>Modifications non enregistrées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The pipeline &quot;%1&quot; has changes that are not saved.</source>
        <translation>Le pipeline « %1 » a des modifications non enregistrées.</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>No recent files</source>
        <translation>Aucun fichier récent</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear List</source>
        <translation>Vider la liste</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>Copied %n node(s)</source>
        <translation>
            <numerusform>%n nœud copié</numerusform>
            <numerusform>%n nœuds copiés</numerusform>
        </translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The clipboard holds no pipeline nodes</source>
        <translation>Le presse-papiers ne contient aucun nœud de pipeline</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Paste</source>
        <translation>Coller</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Duplicate</source>
        <translation>Dupliquer</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The pipeline failed: %1</source>
        <translation>Le pipeline a échoué : %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stopped: %1</source>
        <translation>Arrêté : %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Fix the errors listed under Problems before running.</source>
        <translation>Corrigez les erreurs listées dans Problèmes avant l&apos;exécution.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot run: %1</source>
        <translation>Exécution impossible : %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Running on the embedded runtime</source>
        <translation>Exécution sur le moteur intégré</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Recover unsaved work?</source>
        <translation>Récupérer le travail non enregistré ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tributary did not close normally. Unsaved changes to &quot;%1&quot; from %2 were kept. Recover them?</source>
        <translation>Tributary ne s&apos;est pas fermé normalement. Les modifications non enregistrées de « %1 » du %2 ont été conservées. Les récupérer ?</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::MessageDetail</name>
    <message>
        <location filename="../widgets/browser/message_detail.cpp" line="-65"/>
        <location line="+172"/>
        <source>Select a message to see it here.</source>
        <translation>Sélectionnez un message pour le voir ici.</translation>
    </message>
    <message>
        <location line="-168"/>
        <source>Load whole value</source>
        <translation>Charger toute la valeur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the value to the clipboard</source>
        <translation>Copier la valeur dans le presse-papiers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save…</source>
        <translation>Enregistrer…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the value (raw bytes) to a file</source>
        <translation>Enregistrer la valeur (octets bruts) dans un fichier</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+15"/>
        <location line="+4"/>
        <location line="+95"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location line="-99"/>
        <source>Header</source>
        <translation>En-tête</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+104"/>
        <source>Key</source>
        <translation>Clé</translation>
    </message>
    <message>
        <location line="-103"/>
        <source>Headers</source>
        <translation>En-têtes</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · partition %2 · offset %3 · %4 · key %5 B · value %6 B · %7 header(s)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · partition %2 · offset %3 · %4 · clé %5 o · valeur %6 o · %7 en-tête(s)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source> · &lt;span style=&apos;color:%1&apos;&gt;showing the first %2 bytes&lt;/span&gt;</source>
        <translation> · &lt;span style=&apos;color:%1&apos;&gt;affichage des %2 premiers octets&lt;/span&gt;</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>(null — a tombstone)</source>
        <translation>(null — une pierre tombale)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(no key)</source>
        <translation>(pas de clé)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Headers (%1)</source>
        <translation>En-têtes (%1)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>subject unknown</source>
        <translation>subject inconnu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: Avro, schema id %2 (%3)</source>
        <translation>%1 : Avro, id du schéma %2 (%3)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: Confluent-framed Avro, schema id %2 — not decoded: %3. Shown as hex.</source>
        <translation>%1 : Avro au format Confluent, id du schéma %2 — non décodé : %3. Affiché en hexadécimal.</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Save value</source>
        <translation>Enregistrer la valeur</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d&apos;écrire %1 : %2</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::MessageTableModel</name>
    <message>
        <location filename="../widgets/browser/message_table_model.cpp" line="+41"/>
        <source>Avro · schema %1 · %2 bytes</source>
        <translation>Avro · schéma %1 · %2 octets</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>%1 bytes; the preview shows the first %2. Select the row to load it whole.</source>
        <translation>%1 octets ; l&apos;aperçu montre les %2 premiers. Sélectionnez la ligne pour tout charger.</translation>
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
        <translation>Horodatage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Key</source>
        <translation>Clé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Headers</source>
        <translation>En-têtes</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::MessagesPage</name>
    <message>
        <location filename="../widgets/browser/messages_page.cpp" line="+74"/>
        <source>Newest</source>
        <translation>Plus récents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From offset</source>
        <translation>Depuis l&apos;offset</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From time</source>
        <translation>Depuis l&apos;heure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Live tail</source>
        <translation>Suivi en direct</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>How many messages to show (for a search: the most matches to collect)</source>
        <translation>Nombre de messages à afficher (pour une recherche : le maximum de résultats à collecter)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The first offset to read, in each selected partition</source>
        <translation>Le premier offset à lire, dans chaque partition sélectionnée</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+147"/>
        <source>All partitions</source>
        <translation>Toutes les partitions</translation>
    </message>
    <message>
        <location line="-143"/>
        <source>How keys and values are shown</source>
        <translation>Mode d&apos;affichage des clés et des valeurs</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+172"/>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <location line="-170"/>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Produce…</source>
        <translation>Produire…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Text in key, value or headers</source>
        <translation>Texte dans la clé, la valeur ou les en-têtes</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Filter, e.g. value.amount &gt; 100 AND headers.origin = &apos;web&apos;</source>
        <translation>Filtre, p. ex. value.amount &gt; 100 AND headers.origin = &apos;web&apos;</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>scan </source>
        <translation>parcourir : </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The most records to scan (the newest ones)</source>
        <translation>Nombre maximal d&apos;enregistrements à parcourir (les plus récents)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Choose what to show, then Show.</source>
        <translation>Choisissez ce qu&apos;il faut afficher, puis Afficher.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Export messages</source>
        <translation>Exporter les messages</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON lines (*.jsonl);;CSV (*.csv)</source>
        <translation>JSON Lines (*.jsonl);;CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Shown rows (%1)…</source>
        <translation>Lignes affichées (%1)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All loaded or matching (%1)…</source>
        <translation>Tous les chargés ou correspondants (%1)…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Partition %1</source>
        <translation>Partition %1</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Waiting for new messages…</source>
        <translation>En attente de nouveaux messages…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The start offset must be a number ≥ 0, not &quot;%1&quot;.</source>
        <translation>L&apos;offset de départ doit être un nombre ≥ 0, pas « %1 ».</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reading…</source>
        <translation>Lecture…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Filter: %1</source>
        <translation>Filtre : %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Searching…</source>
        <translation>Recherche…</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Scanned %1 of %2 · %3 found…</source>
        <translation>%1 sur %2 parcourus · %3 trouvés…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Live tail: %1 message(s) received%2</source>
        <translation>Suivi en direct : %1 message(s) reçu(s)%2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> (the oldest %1 let go to bound memory)</source>
        <translation> (les %1 plus anciens abandonnés pour limiter la mémoire)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Scanned %1 of %2 in %3 ms · %4 found%5</source>
        <translation>%1 sur %2 parcourus en %3 ms · %4 trouvés%5</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> (cancelled)</source>
        <translation> (annulé)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (stopped at the limit)</source>
        <translation> (arrêté à la limite)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tail stopped after %1 message(s).</source>
        <translation>Suivi arrêté après %1 message(s).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 message(s) in %2 ms</source>
        <translation>%1 message(s) en %2 ms</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Confluent-framed Avro (schema id %1): give this cluster a Schema Registry to decode it. Shown as hex.</source>
        <translation>Avro au format Confluent (id du schéma %1) : attribuez un Schema Registry à ce cluster pour le décoder. Affiché en hexadécimal.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Decoding Avro (schema id %1)…</source>
        <translation>Décodage Avro (id du schéma %1)…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Loading the whole value (%1 bytes)…</source>
        <translation>Chargement de toute la valeur (%1 octets)…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Cannot load the value: %1</source>
        <translation>Impossible de charger la valeur : %1</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Produced to partition %1 at offset %2.</source>
        <translation>Produit dans la partition %1 à l&apos;offset %2.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Exporting %1 message(s)…</source>
        <translation>Export de %1 message(s)…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Exported %1 message(s) to %2.</source>
        <translation>%1 message(s) exporté(s) vers %2.</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::NodePalette</name>
    <message>
        <location filename="../widgets/palette/node_palette.cpp" line="+142"/>
        <source>Search nodes…</source>
        <translation>Rechercher des nœuds…</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::NodeTable</name>
    <message>
        <location filename="../widgets/dashboard/node_table.cpp" line="+25"/>
        <source>Node</source>
        <translation>Nœud</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::PanelEditDialog</name>
    <message>
        <location filename="../widgets/dashboard/panel_edit_dialog.cpp" line="+34"/>
        <source>Add panel</source>
        <translation>Panneau</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit panel</source>
        <translation>Modifier le panneau</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time series</source>
        <translation>Série temporelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Single stat with sparkline</source>
        <translation>Valeur unique avec sparkline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Table per node</source>
        <translation>Tableau par nœud</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap per partition</source>
        <translation>Carte de chaleur par partition</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sum of the series</source>
        <translation>Somme des séries</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest series</source>
        <translation>Plus grande série</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How a stat panel combines its series&apos; newest values</source>
        <translation>Comment un panneau de valeur unique combine les dernières valeurs de ses séries</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stat shows</source>
        <translation>Valeur affichée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+81"/>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <location line="-80"/>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>metric{label=&quot;value&quot;} | legend with {node}</source>
        <translation>métrique{label=&quot;valeur&quot;} | légende avec {node}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add series</source>
        <translation>Ajouter une série</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Series</source>
        <translation>Série</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Multiplies every value, e.g. 1000 turns seconds into milliseconds</source>
        <translation>Multiplie chaque valeur, p. ex. 1000 convertit des secondes en millisecondes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scale</source>
        <translation>Échelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. 1000, 5000</source>
        <translation>p. ex. 1000, 5000</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threshold lines</source>
        <translation>Lignes de seuil</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>columns</source>
        <translation>colonnes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>rows</source>
        <translation>lignes</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Series line %1: %2</source>
        <translation>Série ligne %1 : %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Series: name at least one series, e.g. tributary_node_records_out_total:rate</source>
        <translation>Série : indiquez au moins une série, p. ex. tributary_node_records_out_total:rate</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Scale must not be 0</source>
        <translation>L&apos;échelle ne doit pas valoir 0</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Threshold lines: &quot;%1&quot; is not a number</source>
        <translation>Lignes de seuil : « %1 » n&apos;est pas un nombre</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::PipelineDocument</name>
    <message>
        <location filename="../widgets/document/pipeline_document.cpp" line="-104"/>
        <source>Add %1</source>
        <translation>Ajouter %1</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Connect %1 to %2</source>
        <translation>Connecter %1 à %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Move %1</source>
        <translation>Déplacer %1</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Move %n node(s)</source>
        <translation>
            <numerusform>Déplacer %n nœud</numerusform>
            <numerusform>Déplacer %n nœuds</numerusform>
        </translation>
    </message>
    <message>
        <location line="+79"/>
        <source>A node cannot feed itself</source>
        <translation>Un nœud ne peut pas s&apos;alimenter lui-même</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&quot;%1&quot; has no such output</source>
        <translation>« %1 » n&apos;a pas cette sortie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&quot;%1&quot; has no such input</source>
        <translation>« %1 » n&apos;a pas cette entrée</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 emits %2, but input &quot;%3&quot; of %4 does not take them</source>
        <translation>%1 émet des %2, mais l&apos;entrée « %3 » de %4 ne les accepte pas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>These ports are already connected</source>
        <translation>Ces ports sont déjà connectés</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>That would make a cycle; records must flow one way</source>
        <translation>Cela créerait un cycle ; les enregistrements doivent circuler dans un seul sens</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::PipelineScene</name>
    <message>
        <location filename="../widgets/canvas/pipeline_scene.cpp" line="+302"/>
        <source>Auto layout</source>
        <translation>Disposition automatique</translation>
    </message>
    <message>
        <location line="+198"/>
        <source>These ports cannot be connected</source>
        <translation>Ces ports ne peuvent pas être connectés</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::PipelineView</name>
    <message>
        <location filename="../widgets/canvas/pipeline_view.cpp" line="+134"/>
        <source>Drag a source from the palette to begin</source>
        <translation>Glissez une source depuis la palette pour commencer</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Connect outputs to inputs by dragging between ports · File ▸ New from Template for examples</source>
        <translation>Connectez les sorties aux entrées en glissant entre les ports · Fichier ▸ Nouveau depuis un modèle pour des exemples</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ProblemsPanel</name>
    <message>
        <location filename="../widgets/panels/problems_panel.cpp" line="+21"/>
        <source>No problems: the pipeline is valid.</source>
        <translation>Aucun problème : le pipeline est valide.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Node</source>
        <translation>Nœud</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Where</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Problems (%1)</source>
        <translation>Problèmes (%1)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problems</source>
        <translation>Problèmes</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ProduceDialog</name>
    <message>
        <location filename="../widgets/browser/produce_dialog.cpp" line="+25"/>
        <source>Produce to %1</source>
        <translation>Produire dans %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>key (text)</source>
        <translation>clé (texte)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No key</source>
        <translation>Pas de clé</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Key</source>
        <translation>Clé</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Text, as typed</source>
        <translation>Texte, tel que saisi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Avro (Schema Registry), typed as JSON</source>
        <translation>Avro (Schema Registry), saisi en JSON</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Avro needs a Schema Registry for this cluster</source>
        <translation>Avro nécessite un Schema Registry pour ce cluster</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Value as</source>
        <translation>Valeur en</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>version</source>
        <translation>version</translation>
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
        <translation>Valeur</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>one NAME=VALUE a line</source>
        <translation>une NAME=VALUE par ligne</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Headers</source>
        <translation>En-têtes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partitioner (by key)</source>
        <translation>Partitionneur (par clé)</translation>
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
        <translation>Produire</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>choose a subject and version whose schema could be read</source>
        <translation>choisissez un subject et une version dont le schéma a pu être lu</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the value does not fit schema id %1 — %2</source>
        <translation>la valeur ne correspond pas à l&apos;id du schéma %1 — %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>header line %1 (&quot;%2&quot;) is not NAME=VALUE</source>
        <translation>la ligne d&apos;en-tête %1 (« %2 ») n&apos;est pas de la forme NAME=VALUE</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>reading subjects…</source>
        <translation>lecture des subjects…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the registry did not list subjects</source>
        <translation>le registry n&apos;a pas listé de subjects</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+34"/>
        <location line="+43"/>
        <source>Schema Registry: %1</source>
        <translation>Schema Registry : %1</translation>
    </message>
    <message>
        <location line="-63"/>
        <source>the registry has no subjects</source>
        <translation>le registry n&apos;a aucun subject</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>latest</source>
        <translation>dernière</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>reading the schema…</source>
        <translation>lecture du schéma…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>the registry&apos;s schema is not Avro we can read: %1</source>
        <translation>le schéma du registry n&apos;est pas un Avro lisible : %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>v%1 · schema id %2</source>
        <translation>v%1 · id du schéma %2</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::RemoteRunMonitor</name>
    <message numerus="yes">
        <location filename="../widgets/runners/remote_run_monitor.cpp" line="+178"/>
        <source>%1: merged from %n runner(s)</source>
        <translation>
            <numerusform>%1 : fusionné depuis %n runner</numerusform>
            <numerusform>%1 : fusionné depuis %n runners</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source> · %n unreachable (its last totals are kept, its rates are not counted)</source>
        <translation>
            <numerusform> · %n injoignable (ses derniers totaux sont conservés, ses débits ne sont pas comptés)</numerusform>
            <numerusform> · %n injoignables (leurs derniers totaux sont conservés, leurs débits ne sont pas comptés)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+19"/>
        <source>on %1: %2</source>
        <translation>sur %1 : %2</translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>%n stale</source>
        <translation>
            <numerusform>%n périmé</numerusform>
            <numerusform>%n périmés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Merged from %n runner(s):</source>
        <translation>
            <numerusform>Fusionné depuis %n runner :</numerusform>
            <numerusform>Fusionné depuis %n runners :</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: %2 records</source>
        <translation>%1 : %2 enregistrements</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, %1/s</source>
        <translation>, %1/s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> — &lt;span style=&apos;color:#d04545&apos;&gt;unreachable since %1: last total counted, rate not&lt;/span&gt;</source>
        <translation> — &lt;span style=&apos;color:#d04545&apos;&gt;injoignable depuis %1 : dernier total compté, débit non&lt;/span&gt;</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>, %n error(s)</source>
        <translation>
            <numerusform>, %n erreur</numerusform>
            <numerusform>, %n erreurs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::ResetOffsetsDialog</name>
    <message>
        <location filename="../widgets/browser/reset_offsets_dialog.cpp" line="+18"/>
        <source>Reset offsets of %1</source>
        <translation>Réinitialiser les offsets de %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Moves the committed offsets of group &lt;b&gt;%1&lt;/b&gt; for every partition of the topic. The group&apos;s consumers start from there when they next join.</source>
        <translation>Déplace les offsets validés du groupe &lt;b&gt;%1&lt;/b&gt; pour chaque partition du topic. Les consommateurs du groupe repartiront de là à leur prochaine connexion.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Earliest</source>
        <translation>Le plus ancien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latest</source>
        <translation>Le plus récent</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+9"/>
        <source>Time</source>
        <translation>Heure</translation>
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
        <translation>Déplacer vers</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Reset</source>
        <translation>Réinitialiser</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>the offset must be a number ≥ 0, not &quot;%1&quot;</source>
        <translation>l&apos;offset doit être un nombre ≥ 0, pas « %1 »</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the group has no topic to reset</source>
        <translation>le groupe n&apos;a aucun topic à réinitialiser</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::RunController</name>
    <message>
        <location filename="../widgets/run/run_controller.cpp" line="+104"/>
        <source>Idle</source>
        <translation>Inactif</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Starting</source>
        <translation>Démarrage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopping</source>
        <translation>Arrêt en cours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped</source>
        <translation>Arrêté</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <location line="+184"/>
        <source>Select a connection on the canvas to see the records passing along it.</source>
        <translation>Sélectionnez une connexion sur le canevas pour voir les enregistrements qui y passent.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Last records from %1 to %2</source>
        <translation>Derniers enregistrements de %1 vers %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+6"/>
        <source>No records have passed along %1 → %2 yet.</source>
        <translation>Aucun enregistrement n&apos;est encore passé par %1 → %2.</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source> · a sample of %n</source>
        <translation>
            <numerusform> · un échantillon de %n</numerusform>
            <numerusform> · un échantillon de %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tributary::widgets::RunnersPanel</name>
    <message>
        <location filename="../widgets/runners/runners_panel.cpp" line="+58"/>
        <source>Add…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add a runner by URL and token</source>
        <translation>Ajouter un runner par URL et jeton</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Forget the selected runners</source>
        <translation>Oublier les runners sélectionnés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ask every runner for its health and pipelines now</source>
        <translation>Demander maintenant à chaque runner son état et ses pipelines</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deploy</source>
        <translation>Déployer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Deploy the open pipeline to the selected runners (all when none is selected) and start it</source>
        <translation>Déployer le pipeline ouvert sur les runners sélectionnés (tous si aucun n&apos;est sélectionné) et le démarrer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Restart on failure</source>
        <translation>Redémarrer en cas d&apos;échec</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Always restart</source>
        <translation>Toujours redémarrer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Never restart</source>
        <translation>Ne jamais redémarrer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What a runner does when the deployed pipeline fails: restart it after 1 s, 2 s, 4 s … up to 60 s (always: also when it finishes), or leave it failed</source>
        <translation>Ce que fait un runner quand le pipeline déployé échoue : le redémarrer après 1 s, 2 s, 4 s … jusqu&apos;à 60 s (toujours : aussi quand il se termine), ou le laisser en échec</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start the open pipeline on the selected runners</source>
        <translation>Démarrer le pipeline ouvert sur les runners sélectionnés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stop the open pipeline on the selected runners</source>
        <translation>Arrêter le pipeline ouvert sur les runners sélectionnés</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Runner / pipeline</source>
        <translation>Runner / pipeline</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Version / state</source>
        <translation>Version / état</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No runners yet: add one with its URL (e.g. http://10.0.0.7:7070) and its API token.</source>
        <translation>Aucun runner pour l&apos;instant : ajoutez-en un avec son URL (p. ex. http://10.0.0.7:7070) et son jeton d&apos;API.</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n runner(s) from the last session.</source>
        <translation>
            <numerusform>%n runner de la dernière session.</numerusform>
            <numerusform>%n runners de la dernière session.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Add a runner</source>
        <translation>Ajouter un runner</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the content of the runner&apos;s api-token file</source>
        <translation>le contenu du fichier api-token du runner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Token</source>
        <translation>Jeton</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A runner URL starts with http:// or https:// — &quot;%1&quot; does not.</source>
        <translation>Une URL de runner commence par http:// ou https:// — « %1 » non.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is in the list already.</source>
        <translation>%1 est déjà dans la liste.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The token of %1 is used for this session only: %2</source>
        <translation>Le jeton de %1 ne sert que pour cette session : %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>healthy</source>
        <translation>sain</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+75"/>
        <source>unreachable</source>
        <translation>injoignable</translation>
    </message>
    <message>
        <location line="-67"/>
        <source>%1 mode, wants %2</source>
        <translation>mode %1, veut %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; singleton part: %1</source>
        <translation> ; partie singleton : %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>; restart %1</source>
        <translation> ; redémarrage %1</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>%1 records into sinks</source>
        <translation>%1 enregistrements vers les destinations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, %1/s</source>
        <translation>, %1/s</translation>
    </message>
    <message>
        <location line="+0"/>
        <source> (stale: no answer)</source>
        <translation> (périmé : pas de réponse)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No answer since %1 (%2). Its last totals stay in the merged figures; its rates do not.</source>
        <translation>Pas de réponse depuis %1 (%2). Ses derniers totaux restent dans les chiffres fusionnés ; ses débits non.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>last: %1</source>
        <translation>dernier : %1</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+25"/>
        <source>Add a runner first.</source>
        <translation>Ajoutez d&apos;abord un runner.</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Give the pipeline a name before deploying it.</source>
        <translation>Donnez un nom au pipeline avant de le déployer.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deploying %1…</source>
        <translation>Déploiement de %1…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>refused: %1</source>
        <translation>refusé : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deployed and started</source>
        <translation>déployé et démarré</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 on %2: %3</source>
        <translation>%1 sur %2 : %3</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1 %2 on %3: %4</source>
        <translation>%1 %2 sur %3 : %4</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::SandboxController</name>
    <message>
        <location filename="../widgets/sandbox/sandbox_controller.cpp" line="+44"/>
        <source>Sandbox traffic stopped: %1</source>
        <translation>Trafic du bac à sable arrêté : %1</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1 has no sandbox</source>
        <translation>%1 n&apos;a pas de bac à sable</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Starting the sandbox: %1…</source>
        <translation>Démarrage du bac à sable : %1…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Sandbox running</source>
        <translation>Bac à sable en cours</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::SandboxPanel</name>
    <message>
        <location filename="../widgets/sandbox/sandbox_panel.cpp" line="+10"/>
        <source>Local throw-away servers for templates. They stop when Tributary quits unless &lt;i&gt;Keep running&lt;/i&gt; is ticked.</source>
        <translation>Serveurs locaux jetables pour les modèles. Ils s&apos;arrêtent à la fermeture de Tributary sauf si &lt;i&gt;Laisser tourner&lt;/i&gt; est coché.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Open in terminal</source>
        <translation>Ouvrir dans un terminal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep running</source>
        <translation>Laisser tourner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave this server running when Tributary quits</source>
        <translation>Laisser ce serveur tourner quand Tributary se ferme</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>not created yet</source>
        <translation>pas encore créé</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>  ·  user %1  ·  password %2</source>
        <translation>  ·  utilisateur %1  ·  mot de passe %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>No terminal emulator found (x-terminal-emulator, gnome-terminal, konsole, xterm). Run: %1</source>
        <translation>Aucun émulateur de terminal trouvé (x-terminal-emulator, gnome-terminal, konsole, xterm). Lancez : %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not start %1</source>
        <translation>Impossible de démarrer %1</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::SchemaRegistryPage</name>
    <message>
        <location filename="../widgets/browser/schema_registry_page.cpp" line="+125"/>
        <source>Schema Registry: connecting…</source>
        <translation>Schema Registry : connexion…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This cluster has no Schema Registry: edit the cluster to set one.</source>
        <translation>Ce cluster n&apos;a pas de Schema Registry : modifiez le cluster pour en définir un.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Global compatibility</source>
        <translation>Compatibilité globale</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The registry&apos;s default level (PUT /config)</source>
        <translation>Le niveau par défaut du registry (PUT /config)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&lt;b&gt;Subjects&lt;/b&gt;</source>
        <translation>&lt;b&gt;Subjects&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;b&gt;Versions&lt;/b&gt;</source>
        <translation>&lt;b&gt;Versions&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Select a subject.</source>
        <translation>Sélectionnez un subject.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Compatibility</source>
        <translation>Compatibilité</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The subject&apos;s compatibility level (PUT /config/{subject})</source>
        <translation>Le niveau de compatibilité du subject (PUT /config/{subject})</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Delete version…</source>
        <translation>Supprimer la version…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete subject…</source>
        <translation>Supprimer le subject…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Permanently (cannot be undone)</source>
        <translation>Définitivement (irréversible)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Schema</source>
        <translation>Schéma</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Compare</source>
        <translation>Comparer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>with version</source>
        <translation>avec la version</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Compare versions</source>
        <translation>Comparer les versions</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Paste an Avro schema (JSON) here</source>
        <translation>Collez ici un schéma Avro (JSON)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Against version</source>
        <translation>Par rapport à la version</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check compatibility</source>
        <translation>Vérifier la compatibilité</translation>
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
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Check and register</source>
        <translation>Vérifier et enregistrer</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Schema Registry: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Schema Registry : &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Schema Registry: %1</source>
        <translation>Schema Registry : %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Loading subjects…</source>
        <translation>Chargement des subjects…</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%n subject(s).</source>
        <translation>
            <numerusform>%n subject.</numerusform>
            <numerusform>%n subjects.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Loading %1…</source>
        <translation>Chargement de %1…</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>version %1</source>
        <translation>version %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(the global level; this subject has none of its own)</source>
        <translation>(le niveau global ; ce subject n&apos;en a pas en propre)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+112"/>
        <source>(this subject&apos;s own level)</source>
        <translation>(le niveau propre de ce subject)</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>%1 has no versions.</source>
        <translation>%1 n&apos;a aucune version.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: no versions.</source>
        <translation>%1 : aucune version.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>latest</source>
        <translation>dernière</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · version %2 · schema id %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · version %2 · id du schéma %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 version %2 (schema id %3).</source>
        <translation>%1 version %2 (id du schéma %3).</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>version %1 → %2: %3 line(s) removed, %4 added</source>
        <translation>version %1 → %2 : %3 ligne(s) supprimée(s), %4 ajoutée(s)</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+45"/>
        <source>select a subject first</source>
        <translation>sélectionnez d&apos;abord un subject</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Compatibility of %1 is now %2.</source>
        <translation>La compatibilité de %1 est maintenant %2.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The global compatibility is now %1.</source>
        <translation>La compatibilité globale est maintenant %1.</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+37"/>
        <source>paste a schema first</source>
        <translation>collez d&apos;abord un schéma</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Compatible with %1 version %2.</source>
        <translation>Compatible avec %1 version %2.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NOT compatible with %1 version %2.</source>
        <translation>NON compatible avec %1 version %2.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Compatible.</source>
        <translation>Compatible.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not compatible.</source>
        <translation>Non compatible.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>name the subject to register under</source>
        <translation>indiquez le subject sous lequel enregistrer</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Registered under %1: schema id %2.</source>
        <translation>Enregistré sous %1 : id du schéma %2.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>subject %1 (all its versions)</source>
        <translation>le subject %1 (toutes ses versions)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>version %1 of %2</source>
        <translation>la version %1 de %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete %1 permanently? Its schemas cannot be read by this subject any more, and this cannot be undone.</source>
        <translation>Supprimer définitivement %1 ? Ses schémas ne pourront plus être lus via ce subject, et c&apos;est irréversible.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete %1? A soft delete: the registry keeps it for ?deleted=true.</source>
        <translation>Supprimer %1 ? Suppression logique : le registry conserve les données pour ?deleted=true.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Version %1 of %2 deleted permanently.</source>
        <translation>Version %1 de %2 supprimée définitivement.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version %1 of %2 deleted (soft).</source>
        <translation>Version %1 de %2 supprimée (suppression logique).</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Subject %1 deleted permanently.</source>
        <translation>Subject %1 supprimé définitivement.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject %1 deleted (soft).</source>
        <translation>Subject %1 supprimé (suppression logique).</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::StatPanel</name>
    <message>
        <location filename="../widgets/dashboard/stat_panel.cpp" line="+115"/>
        <source>No data</source>
        <translation>Aucune donnée</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::TemplateGallery</name>
    <message>
        <location filename="../widgets/shell/template_gallery.cpp" line="+39"/>
        <source>New from Template</source>
        <translation>Nouveau depuis un modèle</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start from a working pipeline. The copy is new and unsaved; the template stays as it is.</source>
        <translation>Partir d&apos;un pipeline qui fonctionne. La copie est nouvelle et non enregistrée ; le modèle reste tel quel.</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n nœud</numerusform>
            <numerusform>%n nœuds</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Create</source>
        <translation>Créer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start sandbox and run</source>
        <translation>Démarrer le bac à sable et exécuter</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This template needs no local servers</source>
        <translation>Ce modèle n&apos;a besoin d&apos;aucun serveur local</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Starts local %1, loads the schema and sample traffic, then runs the pipeline</source>
        <translation>Démarre %1 en local, charge le schéma et un trafic d&apos;exemple, puis exécute le pipeline</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::TimeRangeDialog</name>
    <message>
        <location filename="../widgets/dashboard/time_range_dialog.cpp" line="+16"/>
        <source>Custom time range</source>
        <translation>Période personnalisée</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>Vers</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>“From” must be before “To”.</source>
        <translation>« Du » doit précéder « Au ».</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::TopicBrowserWindow</name>
    <message>
        <location filename="../widgets/browser/topic_browser_window.cpp" line="+27"/>
        <source>Topic Browser — Tributary</source>
        <translation>Navigateur de topics — Tributary</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&lt;b&gt;Clusters&lt;/b&gt;</source>
        <translation>&lt;b&gt;Clusters&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Add a cluster</source>
        <translation>Ajouter un cluster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit the selected cluster</source>
        <translation>Modifier le cluster sélectionné</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected cluster</source>
        <translation>Supprimer le cluster sélectionné</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Select a cluster to open it.</source>
        <translation>Sélectionnez un cluster pour l&apos;ouvrir.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Several clusters can be open at once; each keeps its tabs.</source>
        <translation>Plusieurs clusters peuvent être ouverts à la fois ; chacun garde ses onglets.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The embedded Local cluster is always there.</source>
        <translation>Le cluster local intégré est toujours présent.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove cluster</source>
        <translation>Supprimer le cluster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove %1 from the list? The cluster itself is not touched.</source>
        <translation>Retirer %1 de la liste ? Le cluster lui-même n&apos;est pas modifié.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The embedded broker of this program</source>
        <translation>Le broker intégré de ce programme</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>No cluster named %1.</source>
        <translation>Aucun cluster nommé %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot open %1: %2</source>
        <translation>Impossible d&apos;ouvrir %1 : %2</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The embedded Local cluster has no settings to edit.</source>
        <translation>Le cluster local intégré n&apos;a aucun paramètre à modifier.</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::TopicListModel</name>
    <message>
        <location filename="../widgets/browser/topic_list_model.cpp" line="+62"/>
        <source>An internal topic of Kafka</source>
        <translation>Un topic interne de Kafka</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partitions</source>
        <translation>Partitions</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replication</source>
        <translation>Réplication</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Under-replicated</source>
        <translation>Sous-répliquées</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Groups</source>
        <translation>Groupes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Consumer lag</source>
        <translation>Retard des consommateurs</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::TopicView</name>
    <message>
        <location filename="../widgets/browser/topic_view.cpp" line="+58"/>
        <location line="+13"/>
        <source>Messages</source>
        <translation>Messages</translation>
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
        <translation>Réplicas</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>In sync</source>
        <translation>Synchronisées</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Low watermark</source>
        <translation>Marque basse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High watermark</source>
        <translation>Marque haute</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partitions</source>
        <translation>Partitions</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Committed</source>
        <translation>Validé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lag</source>
        <translation>Retard</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Consumers</source>
        <translation>Consommateurs</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Defaults are shown in grey. Double-click a value to change it.</source>
        <translation>Les valeurs par défaut sont en gris. Double-cliquez sur une valeur pour la modifier.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply changes</source>
        <translation>Appliquer les modifications</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Cannot describe the topic: %1</source>
        <translation>Impossible de décrire le topic : %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 partition(s) · replication %2 · %3 message(s) · %4 under-replicated</source>
        <translation>%1 partition(s) · réplication %2 · %3 message(s) · %4 sous-répliquée(s)</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Cannot list groups: %1</source>
        <translation>Impossible de lister les groupes : %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No consumer group has committed offsets for this topic.</source>
        <translation>Aucun groupe de consommateurs n&apos;a validé d&apos;offsets pour ce topic.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n group(s) read this topic · total lag %1</source>
        <translation>
            <numerusform>%n groupe lit ce topic · retard total %1</numerusform>
            <numerusform>%n groupes lisent ce topic · retard total %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot read the configuration: %1</source>
        <translation>Impossible de lire la configuration : %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>default</source>
        <translation>défaut</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Read-only</source>
        <translation>Lecture seule</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>Changed %n setting(s).</source>
        <translation>
            <numerusform>%n paramètre modifié.</numerusform>
            <numerusform>%n paramètres modifiés.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not changed: %1</source>
        <translation>Non modifié : %1</translation>
    </message>
</context>
<context>
    <name>tributary::widgets::TopicsPage</name>
    <message>
        <location filename="../widgets/browser/topics_page.cpp" line="+67"/>
        <source>Filter topics</source>
        <translation>Filtrer les topics</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show internal topics</source>
        <translation>Afficher les topics internes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create…</source>
        <translation>Créer…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete…</source>
        <translation>Supprimer…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Select the topic to delete first.</source>
        <translation>Sélectionnez d&apos;abord le topic à supprimer.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Loading topics…</source>
        <translation>Chargement des topics…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot list topics: %1</source>
        <translation>Impossible de lister les topics : %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 topic(s), %2 internal%3</source>
        <translation>%1 topic(s), %2 interne(s)%3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> (hidden)</source>
        <translation> (masqués)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Created %1.</source>
        <translation>%1 créé.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Deleting %1…</source>
        <translation>Suppression de %1…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot delete %1: %2</source>
        <translation>Impossible de supprimer %1 : %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deleted %1.</source>
        <translation>%1 supprimé.</translation>
    </message>
</context>
</TS>
