package org.nself.shared.lambda;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

/** The Lambda entry point behind an API Gateway HTTP API (payload v2). */
public class HttpApiHandler extends APIGatewayV2HTTPEventFunction {
    public HttpApiHandler() {
        super();
    }

    public HttpApiHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaSettings.configure(super.newApplicationContextBuilder());
    }

    @Override
    protected Environment startEnvironment(ApplicationContext applicationContext) {
        return LambdaSettings.start(applicationContext, super::startEnvironment);
    }
}
