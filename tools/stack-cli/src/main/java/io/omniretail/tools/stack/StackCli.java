package io.omniretail.tools.stack;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "stack-cli", mixinStandardHelpOptions = true,
        description = "Operates the omniretail stack from the topic catalog (schemas/topics.yaml).",
        subcommands = {
                TopicCommands.CreateTopics.class,
                TopicCommands.CheckTopics.class,
                TopicCommands.RenderStrimziTopics.class, TopicCommands.RenderTopicDiagram.class,
                ProvisionDatabasesCommand.class,
                ConfigureRegistryCommand.class,
                RegisterConnectorCommand.class,
                TapCommand.class,
                DlqReplayCommand.class,
                QuarantineReplayCommand.class,
                TokenCommand.class,
                JourneyDryRunCommand.class,
                RunSqlCommand.class
        })
public final class StackCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new StackCli()).execute(args));
    }
}
