package org.nself.crash.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FunctionNamesTest {
    @Test
    void argumentsReturnTypesAndQualifiersAreStripped() {
        assertThat(FunctionNames.normalize("int foo::Bar::baz(char const*, int) const"))
                .isEqualTo("foo::Bar::baz");
    }

    @Test
    void templateArgumentsBecomeOnePlaceholder() {
        assertThat(FunctionNames.normalize("std::map<int, std::vector<int>>::at(int const&)"))
                .isEqualTo("std::map<T>::at");
    }

    @Test
    void anonymousNamespacesAndCppLambdasAreKeptButNormalized() {
        assertThat(FunctionNames.normalize("(anonymous namespace)::run()::{lambda(int)#2}::operator()(int) const"))
                .isEqualTo("{anon}::run::{lambda}::operator");
    }

    @Test
    void javaSyntheticLambdaClassesLoseTheirAddresses() {
        assertThat(FunctionNames.normalizeModule("com.example.Main$$Lambda$14/0x0000000800c03000"))
                .isEqualTo("com.example.Main$$Lambda");
    }

    @Test
    void objectiveCSelectorsStayWhole() {
        assertThat(FunctionNames.normalize("-[UIView(Layout) layoutSubviews]"))
                .isEqualTo("-[UIView(Layout) layoutSubviews]");
    }

    @Test
    void unknownNamesCountAsMissing() {
        assertThat(FunctionNames.normalize("<unknown>")).isNull();
        assertThat(FunctionNames.normalize("  ")).isNull();
    }
}
