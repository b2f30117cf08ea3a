package org.nself.shared.lambda;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;

/** The Lambda entry point behind an API Gateway REST API (payload v1). Every function uses this class. */
public class RestApiHandler extends ApiGatewayProxyRequestEventFunction {
    public RestApiHandler() {
        super();
    }

    public RestApiHandler(ApplicationContext context) {
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
