package org.jaring.cli;

/** Options that reach a node: where they last tried, so an error can name it. */
public interface NodeAddressed {
    /** "127.0.0.1:7443 (listen.national in /srv/jaring/node.yaml)", or null before any attempt. */
    String triedAddress();
}
