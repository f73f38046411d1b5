package tags_test

import (
	"context"
	"fmt"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/tags"
)

// Tag an app, change its tags, and list apps by tag. The same calls work
// against real Tencent Cloud (imconsole.New(client.WithTencentCloud()))
// except Apps.List, a console-protocol action.
func Example() {
	ctx := context.Background()
	srv, err := imtest.Listen("127.0.0.1:0") // a reference server; use imconsole.New against a real one
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	console := srv.Console()
	app, err := srv.SeedApp(imtest.AppSeed{AppName: "chat"})
	if err != nil {
		panic(err)
	}

	// Set replaces every tag; FromMap turns a map into tags sorted by key.
	if _, err := console.Tags.Set(ctx, app.SDKAppID, tags.FromMap(map[string]string{"env": "staging", "team": "im"})); err != nil {
		panic(err)
	}
	// Add merges: a key the app has gets the new value.
	if _, err := console.Tags.Add(ctx, app.SDKAppID, tags.Tag{Key: "env", Value: "prod"}, tags.Tag{Key: "成本中心", Value: "42"}); err != nil {
		panic(err)
	}
	current, err := console.Tags.Remove(ctx, app.SDKAppID, "team")
	if err != nil {
		panic(err)
	}
	for _, t := range current {
		fmt.Printf("%s=%s\n", t.Key, t.Value)
	}

	page, err := console.Apps.List(ctx, &apps.ListOptions{TagFilters: []apps.TagFilter{{TagKey: "env", TagValues: []string{"prod"}}}})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(page.Apps), page.Apps[0].AppName)
	// Output:
	// env=prod
	// 成本中心=42
	// 1 chat
}

func ExampleValidate() {
	fmt.Println(tags.Validate("env", "prod"))
	fmt.Println(tags.Validate("qcs:env", "prod"))
	fmt.Println(tags.Validate("env", "prod "))
	fmt.Println(tags.Validate("环境（生产）", "【测试】"))
	// Output:
	// <nil>
	// imconsole: ModifyResourceTags: InvalidParameter.ReservedTagKey: tag key "qcs:env" starts with "qcs:", which Tencent Cloud reserves (qcs:, project, 项目, qcloud, tencent); choose another key
	// imconsole: ModifyResourceTags: InvalidParameterValue.TagValueCharacterIllegal: tag value "prod " starts or ends with a space; trim it
	// <nil>
}

func ExampleFromMap() {
	fmt.Println(tags.FromMap(map[string]string{"team": "im", "env": "prod"}))
	// Output:
	// [{env prod} {team im}]
}
