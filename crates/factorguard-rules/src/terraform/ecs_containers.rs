//! Shared by the ECS rules: the containers of each task definition, from its evaluated
//! `container_definitions` (`jsonencode(...)`, a heredoc or `file`-free JSON string).

use super::eval::{Located, Module, Value};
use super::model::Attribute;

/// One container definition of a task definition.
pub(crate) struct Container<'a> {
    pub task: Located<'a>,
    /// The `container_definitions` attribute, where findings point.
    pub attribute: &'a Attribute,
    pub name: String,
    pub definition: Value,
}

/// Every container of every task definition whose definitions are fully known; a task whose
/// definitions are unknown, or not valid JSON, yields nothing.
pub(crate) fn containers<'a>(module: &Module<'a>) -> Vec<Container<'a>> {
    let mut all = Vec::new();
    for task in module.resources("aws_ecs_task_definition") {
        let Some(attribute) = task.block.body.attribute("container_definitions") else {
            continue;
        };
        let definitions = match module.eval(&attribute.value) {
            Value::String(json) => match serde_json::from_str(&json) {
                Ok(parsed) => Value::from_json(&parsed),
                Err(_) => continue,
            },
            other => other,
        };
        let Value::List(items) = definitions else {
            continue;
        };
        if items.iter().any(Value::has_unknown) {
            continue;
        }
        for (index, definition) in items.into_iter().enumerate() {
            let name = definition
                .get("name")
                .as_str()
                .map_or_else(|| format!("#{index}"), str::to_string);
            all.push(Container {
                task,
                attribute,
                name,
                definition,
            });
        }
    }
    all
}
