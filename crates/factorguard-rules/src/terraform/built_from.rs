//! Which resource of the module an expression that names or points at another resource is built
//! from: `aws_cloudwatch_log_group.x.arn`, `"${aws_cloudwatch_log_group.x.arn}:*"`,
//! `format("%s/flow/", aws_s3_bucket.x.arn)`. Shared by the rules that follow such a link.

use super::model::{Expr, Step, TemplatePart};

/// The name of the `resource_type` resource `expr` is built directly from, if it is built from
/// exactly one. A conditional may pick something else, so it names none.
pub(crate) fn built_from<'e>(expr: &'e Expr, resource_type: &str) -> Option<&'e str> {
    match expr {
        Expr::Reference { root, steps } if root == resource_type => match steps.first() {
            Some(Step::Attr(name)) => Some(name),
            _ => None,
        },
        Expr::Template(parts) => {
            let mut found = None;
            for part in parts {
                if let TemplatePart::Interpolation(e) = part {
                    let name = built_from(e, resource_type)?;
                    if found.is_some_and(|f| f != name) {
                        return None;
                    }
                    found = Some(name);
                }
            }
            found
        }
        Expr::Call { name, args } if name == "format" || name == "join" => {
            args.iter().find_map(|arg| built_from(arg, resource_type))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket(name: &str) -> Expr {
        Expr::Reference {
            root: "aws_s3_bucket".to_string(),
            steps: vec![Step::Attr(name.to_string()), Step::Attr("arn".to_string())],
        }
    }

    #[test]
    fn a_reference_template_or_format_names_its_resource() {
        assert_eq!(built_from(&bucket("flow"), "aws_s3_bucket"), Some("flow"));
        assert_eq!(
            built_from(&bucket("flow"), "aws_cloudwatch_log_group"),
            None
        );
        let prefixed = Expr::Template(vec![
            TemplatePart::Interpolation(bucket("flow")),
            TemplatePart::Literal("/vpc/".to_string()),
        ]);
        assert_eq!(built_from(&prefixed, "aws_s3_bucket"), Some("flow"));
        let format = Expr::Call {
            name: "format".to_string(),
            args: vec![Expr::String("%s/vpc/".to_string()), bucket("flow")],
        };
        assert_eq!(built_from(&format, "aws_s3_bucket"), Some("flow"));
    }

    #[test]
    fn two_resources_or_anything_else_name_none() {
        let two = Expr::Template(vec![
            TemplatePart::Interpolation(bucket("flow")),
            TemplatePart::Literal("/".to_string()),
            TemplatePart::Interpolation(bucket("other")),
        ]);
        assert_eq!(built_from(&two, "aws_s3_bucket"), None);
        let variable = Expr::Template(vec![
            TemplatePart::Interpolation(bucket("flow")),
            TemplatePart::Interpolation(Expr::Reference {
                root: "var".to_string(),
                steps: vec![Step::Attr("prefix".to_string())],
            }),
        ]);
        assert_eq!(built_from(&variable, "aws_s3_bucket"), None);
        let conditional = Expr::Conditional(
            Box::new(Expr::Bool(true)),
            Box::new(bucket("flow")),
            Box::new(Expr::Null),
        );
        assert_eq!(built_from(&conditional, "aws_s3_bucket"), None);
        assert_eq!(
            built_from(&Expr::String("arn:aws:s3:::flow".into()), "aws_s3_bucket"),
            None
        );
    }
}
